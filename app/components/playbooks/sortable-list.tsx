// A list whose items are reordered with the pointer or the keyboard (@dnd-kit, ADR 035):
// each item has a handle; Space or Enter picks it up, the arrow keys move it, Space or
// Enter drops it and Escape puts it back. Every step is read out by dnd-kit's live region
// in words that name the item, so a screen reader follows the move.
import {
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { ReactNode } from "react";

export interface HandleProps {
  /** Spread on the handle button: dnd-kit's attributes and listeners, and its name. */
  handle: Record<string, unknown>;
  isDragging: boolean;
}

/**
 * The item whose top or bottom edge lies nearest the moving item's same edge. The keyboard moves an
 * item by lining its top up with the item above, or its bottom up with the item below; a test by
 * centres (or corners) keeps a tall open card "over" its own place and it never moves.
 */
const nearestEdge: CollisionDetection = ({ collisionRect, droppableRects, droppableContainers }) =>
  droppableContainers
    .flatMap((container) => {
      const rect = droppableRects.get(container.id);
      if (!rect) return [];
      const value = Math.min(
        Math.abs(rect.top - collisionRect.top),
        Math.abs(rect.top + rect.height - (collisionRect.top + collisionRect.height)),
      );
      return [{ id: container.id, data: { droppableContainer: container, value } }];
    })
    .sort((a, b) => a.data.value - b.data.value);

const INSTRUCTIONS =
  "To move it, press Space or Enter. Then use the up and down arrow keys, and press Space or Enter to drop it there, or Escape to put it back.";

export function SortableList<T extends { id: string }>({
  id,
  items,
  what,
  nameOf,
  onMove,
  className,
  children,
}: {
  /** Stable per list, so the ids dnd-kit gives its hidden help match between server and browser. */
  id: string;
  items: T[];
  /** What an item is, for the announcements: "stage", "milestone", "resource". */
  what: string;
  nameOf: (item: T) => string;
  onMove: (from: number, to: number) => void;
  className?: string;
  children: (item: T, index: number, handle: HandleProps) => ReactNode;
}) {
  const sensors = useSensors(
    // A few pixels of movement before a drag starts, so a tap on the handle stays a tap on a phone.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const position = (itemId: UniqueIdentifier) => items.findIndex((i) => i.id === itemId) + 1;
  const named = (itemId: UniqueIdentifier) => {
    const item = items.find((i) => i.id === itemId);
    return item ? `${what} "${nameOf(item)}"` : what;
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = position(active.id) - 1;
    const to = position(over.id) - 1;
    if (from >= 0 && to >= 0) onMove(from, to);
  };
  return (
    <DndContext
      id={id}
      sensors={sensors}
      collisionDetection={nearestEdge}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: { draggable: INSTRUCTIONS },
        announcements: {
          onDragStart: ({ active }) =>
            `Picked up ${named(active.id)}, at position ${position(active.id)} of ${items.length}.`,
          onDragOver: ({ active, over }) =>
            over ? `${named(active.id)} is over position ${position(over.id)} of ${items.length}.` : undefined,
          onDragEnd: ({ active, over }) =>
            over
              ? `${named(active.id)} moved to position ${position(over.id)} of ${items.length}.`
              : `${named(active.id)} was dropped where it was.`,
          onDragCancel: ({ active }) =>
            `Moving stopped. ${named(active.id)} is back at position ${position(active.id)} of ${items.length}.`,
        },
      }}
    >
      <SortableContext items={items.map((i) => i.id)} strategy={verticalListSortingStrategy}>
        <ol className={className}>
          {items.map((item, index) => (
            <SortableItem key={item.id} id={item.id} label={`Move ${named(item.id)}`}>
              {(handle) => children(item, index, handle)}
            </SortableItem>
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function SortableItem({
  id,
  label,
  children,
}: {
  id: string;
  label: string;
  children: (handle: HandleProps) => ReactNode;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
  });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={isDragging ? "relative z-10 shadow-lg" : undefined}
    >
      {children({
        handle: { ...attributes, ...listeners, ref: setActivatorNodeRef, "aria-label": label },
        isDragging,
      })}
    </li>
  );
}

/** The grip an item is moved by: a button, so it is in the tab order and named for screen readers. */
export function DragHandle({ handle }: HandleProps) {
  return (
    <button
      type="button"
      {...handle}
      className="flex h-9 w-9 shrink-0 cursor-grab touch-none items-center justify-center rounded-md border border-slate-300 bg-white text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 active:cursor-grabbing"
    >
      <span aria-hidden="true">⠿</span>
    </button>
  );
}

export { arrayMove };
