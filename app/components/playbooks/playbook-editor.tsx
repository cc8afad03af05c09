// The studio's editor for a playbook's draft (issue 11 §2, ADR 035): the playbook,
// its stages, their milestones and each milestone's resources, every field of the
// document, added, removed (after a question) and reordered by pointer or keyboard.
// The page holds the draft being edited; saving sends it whole and the server checks it.
import { Form } from "@remix-run/react";
import { type Dispatch, type SetStateAction, useEffect, useRef, useState } from "react";
import {
  CUSTOMER_ROLES,
  DUE_FROM,
  DUE_OFFSET_KINDS,
  RESOURCE_KINDS,
  VENDOR_ROLES,
} from "~/modules/playbooks/playbook-document";
import {
  type EditorDocument,
  type EditorMilestone,
  type EditorResource,
  type EditorStage,
  fieldName,
  isEditorField,
} from "~/modules/playbooks/playbook-editor-form";
import type { FormAnswer } from "~/utils/form-answer";
import { Badge } from "../ui/badge";
import { FormAnswerNotice } from "../ui/form-answer-notice";
import { CheckboxField, ConfirmRemove, ErrorLine, fieldId, SelectField, TextField } from "./editor-fields";
import { dueText } from "./playbook-preview";
import { arrayMove, DragHandle, SortableList } from "./sortable-list";

const ROLE_LABEL: Record<string, string> = {
  champion: "Champion",
  admin: "Admin",
  executive_sponsor: "Executive sponsor",
  end_user: "End user",
  sales: "Sales",
  onboarding: "Onboarding",
  csm: "CSM",
  support: "Support",
  account_manager: "Account manager",
};
const ROLES = { customer: CUSTOMER_ROLES, vendor: VENDOR_ROLES } as const;
const SIDE_OPTIONS = [
  { value: "customer", label: "Customer's side" },
  { value: "vendor", label: "Our side (vendor)" },
];
const DUE_FROM_LABEL: Record<(typeof DUE_FROM)[number], string> = {
  journey_start: "The journey's start",
  stage_entry: "The stage's entry",
};
const DUE_KIND_LABEL: Record<(typeof DUE_OFFSET_KINDS)[number], string> = {
  calendar: "Calendar days",
  business: "Business days (Mon–Fri)",
};
const KIND_LABEL: Record<(typeof RESOURCE_KINDS)[number], string> = {
  guide: "Guide",
  video: "Video",
  webinar: "Webinar",
  course: "Course",
};
const VISIBILITY_OPTIONS = [
  { value: "customer", label: "Shown to the customer" },
  { value: "internal", label: "Internal only" },
];

let created = 0;
/** A handle for a row added in the browser; the save gives stages and milestones their keys. */
const newId = (what: string) => `new-${what}-${++created}`;

export function newMilestone(): EditorMilestone {
  return {
    id: newId("milestone"),
    key: "",
    title: "",
    description: "",
    ownerSide: "vendor",
    ownerRole: "csm",
    dueOffsetDays: "0",
    dueFrom: "journey_start",
    dueOffsetKind: "calendar",
    required: true,
    visibility: "customer",
    firstValue: false,
    segments: "",
    resources: [],
  };
}

function newStage(): EditorStage {
  return {
    id: newId("stage"),
    key: "",
    name: "",
    description: "",
    goal: "",
    successMeasure: "",
    expectedDays: "",
    milestones: [newMilestone()],
  };
}

function newResource(): EditorResource {
  return { id: newId("resource"), title: "", url: "https://", kind: "guide", minutes: "5" };
}

const BUTTON = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100";

export function PlaybookEditor({
  doc,
  setDoc,
  errors,
  clearErrors,
  draftVersion,
  dirty,
  busy,
  answer,
}: {
  doc: EditorDocument;
  setDoc: Dispatch<SetStateAction<EditorDocument>>;
  /** The last save's errors by field name ("stages.0.name"). */
  errors: Record<string, string>;
  /** Errors are about positions; once rows move they would point at the wrong ones. */
  clearErrors: () => void;
  draftVersion: string;
  dirty: boolean;
  busy: boolean;
  /** The last save's answer, shown beside the save button (a live region). */
  answer: FormAnswer | undefined;
}) {
  // What changed, for screen readers: adding and removing rows (dnd-kit reads out moves).
  const [said, say] = useState("");
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });
  // After a refused save, the first field with an error takes the focus (its milestone opens first).
  useEffect(() => {
    if (!Object.keys(errors).length) return;
    const timer = setTimeout(() => {
      document.querySelector<HTMLElement>('form[aria-label="Playbook draft"] [aria-invalid="true"]')?.focus();
    }, 50);
    return () => clearTimeout(timer);
  }, [errors]);
  const err = (...path: (string | number)[]) => errors[fieldName(...path)];
  const others = Object.entries(errors).filter(([name]) => !isEditorField(name));

  const structural = (change: (d: EditorDocument) => EditorDocument, message: string, focus?: string) => {
    setDoc(change);
    clearErrors();
    say(message);
    focusNext.current = focus ?? null;
  };
  const setStage = (si: number, patch: Partial<EditorStage>) =>
    setDoc((d) => ({ ...d, stages: d.stages.map((s, i) => (i === si ? { ...s, ...patch } : s)) }));
  const setMilestones = (si: number, change: (ms: EditorMilestone[]) => EditorMilestone[]) =>
    setDoc((d) => ({
      ...d,
      stages: d.stages.map((s, i) => (i === si ? { ...s, milestones: change(s.milestones) } : s)),
    }));
  const setMilestone = (si: number, mi: number, patch: Partial<EditorMilestone>) =>
    setMilestones(si, (ms) => ms.map((m, i) => (i === mi ? { ...m, ...patch } : m)));
  const setResources = (si: number, mi: number, change: (rs: EditorResource[]) => EditorResource[]) =>
    setMilestones(si, (ms) => ms.map((m, i) => (i === mi ? { ...m, resources: change(m.resources) } : m)));
  const setResource = (si: number, mi: number, ri: number, patch: Partial<EditorResource>) =>
    setResources(si, mi, (rs) => rs.map((r, i) => (i === ri ? { ...r, ...patch } : r)));
  const moved = () => clearErrors();

  return (
    <Form method="post" noValidate aria-label="Playbook draft" className="space-y-6">
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="draftVersion" value={draftVersion} />
      <input type="hidden" name="document" value={JSON.stringify(doc)} />
      <p role="status" className="sr-only">
        {said}
      </p>
      {others.length ? (
        <div className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          <p className="font-medium">Other fields of the draft need a change:</p>
          <ul className="mt-1 list-disc pl-5">
            {others.map(([name, message]) => (
              <li key={name}>
                {name}: {message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section aria-labelledby="playbook-fields" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="playbook-fields" className="text-lg font-semibold">
          Playbook
        </h2>
        <TextField
          name="name"
          label="Name"
          value={doc.name}
          maxLength={120}
          onChange={(name) => setDoc((d) => ({ ...d, name }))}
          error={err("name")}
        />
        <TextField
          name="description"
          label="Description"
          hint="for your team"
          multiline
          maxLength={4000}
          value={doc.description}
          onChange={(description) => setDoc((d) => ({ ...d, description }))}
          error={err("description")}
        />
      </section>

      <section aria-labelledby="stages-heading">
        <h2 id="stages-heading" className="text-lg font-semibold">
          Stages
        </h2>
        <p className="text-sm text-slate-600">
          Drag a stage, milestone or resource by its handle (⠿), or focus the handle and press Space, the arrow keys,
          then Space.
        </p>
        <ErrorLine id={fieldId("stages")} error={err("stages")} />
        <SortableList
          id="stages"
          items={doc.stages}
          what="stage"
          nameOf={(s) => s.name || "new stage"}
          onMove={(from, to) => {
            setDoc((d) => ({ ...d, stages: arrayMove(d.stages, from, to) }));
            moved();
          }}
          className="mt-3 space-y-4"
        >
          {(stage, si, handle) => (
            <div className="rounded-xl border border-slate-200 bg-white p-3 sm:p-4" data-testid="stage-editor">
              <div className="flex items-start gap-2">
                <DragHandle {...handle} />
                <div className="min-w-0 flex-1">
                  <h3 className="break-words text-lg font-semibold">
                    {si + 1}. {stage.name || "New stage"}
                  </h3>
                  <p className="text-xs text-slate-600">
                    {stage.key ? `Key: ${stage.key}` : "Gets its key when saved"}
                  </p>
                  <ErrorLine id={fieldId(fieldName("stages", si, "key"))} error={err("stages", si, "key")} />
                </div>
                <ConfirmRemove
                  label={`Remove stage "${stage.name || "new stage"}"`}
                  question={`Remove the stage "${stage.name || "new stage"}" and its ${stage.milestones.length} ${stage.milestones.length === 1 ? "milestone" : "milestones"} from the draft?`}
                  yes="Yes, remove the stage"
                  onConfirm={() =>
                    structural(
                      (d) => ({ ...d, stages: d.stages.filter((s) => s.id !== stage.id) }),
                      `Stage "${stage.name || "new stage"}" removed.`,
                      "add-stage",
                    )
                  }
                />
              </div>
              <div className="mt-3 grid gap-3 sm:grid-cols-2">
                <TextField
                  name={fieldName("stages", si, "name")}
                  label="Stage name"
                  maxLength={120}
                  value={stage.name}
                  onChange={(name) => setStage(si, { name })}
                  error={err("stages", si, "name")}
                />
                <TextField
                  name={fieldName("stages", si, "expectedDays")}
                  label="Expected days"
                  hint="on track, behind and stuck count from it"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  value={stage.expectedDays}
                  onChange={(expectedDays) => setStage(si, { expectedDays })}
                  error={err("stages", si, "expectedDays")}
                />
                <TextField
                  name={fieldName("stages", si, "description")}
                  label="Description"
                  hint="the customer reads it"
                  multiline
                  maxLength={4000}
                  className="sm:col-span-2"
                  value={stage.description}
                  onChange={(description) => setStage(si, { description })}
                  error={err("stages", si, "description")}
                />
                <TextField
                  name={fieldName("stages", si, "goal")}
                  label="End goal"
                  multiline
                  maxLength={1000}
                  value={stage.goal}
                  onChange={(goal) => setStage(si, { goal })}
                  error={err("stages", si, "goal")}
                />
                <TextField
                  name={fieldName("stages", si, "successMeasure")}
                  label="Success measure"
                  multiline
                  maxLength={1000}
                  value={stage.successMeasure}
                  onChange={(successMeasure) => setStage(si, { successMeasure })}
                  error={err("stages", si, "successMeasure")}
                />
              </div>

              <h4 className="mt-4 text-sm font-semibold uppercase tracking-wide text-slate-600">
                Milestones of “{stage.name || "new stage"}”
              </h4>
              <ErrorLine id={fieldId(fieldName("stages", si, "milestones"))} error={err("stages", si, "milestones")} />
              <SortableList
                id={`milestones-${stage.id}`}
                items={stage.milestones}
                what="milestone"
                nameOf={(m) => m.title || "new milestone"}
                onMove={(from, to) => {
                  setMilestones(si, (ms) => arrayMove(ms, from, to));
                  moved();
                }}
                className="mt-2 space-y-2"
              >
                {(m, mi, mHandle) => (
                  <MilestoneEditor
                    milestone={m}
                    path={["stages", si, "milestones", mi]}
                    handle={mHandle}
                    err={err}
                    open={!m.key || Object.keys(errors).some((k) => k.startsWith(`stages.${si}.milestones.${mi}.`))}
                    set={(patch) => setMilestone(si, mi, patch)}
                    onRemove={() =>
                      structural(
                        (d) => ({
                          ...d,
                          stages: d.stages.map((s) =>
                            s.id === stage.id ? { ...s, milestones: s.milestones.filter((x) => x.id !== m.id) } : s,
                          ),
                        }),
                        `Milestone "${m.title || "new milestone"}" removed.`,
                        `add-milestone-${stage.id}`,
                      )
                    }
                    onMoveResource={(from, to) => {
                      setResources(si, mi, (rs) => arrayMove(rs, from, to));
                      moved();
                    }}
                    setResource={(ri, patch) => setResource(si, mi, ri, patch)}
                    onAddResource={() => {
                      const r = newResource();
                      structural(
                        (d) => ({
                          ...d,
                          stages: d.stages.map((s) =>
                            s.id === stage.id
                              ? {
                                  ...s,
                                  milestones: s.milestones.map((x) =>
                                    x.id === m.id ? { ...x, resources: [...x.resources, r] } : x,
                                  ),
                                }
                              : s,
                          ),
                        }),
                        `Resource added to "${m.title || "new milestone"}".`,
                        fieldId(fieldName("stages", si, "milestones", mi, "resources", m.resources.length, "title")),
                      );
                    }}
                    onRemoveResource={(ri) =>
                      structural(
                        (d) => ({
                          ...d,
                          stages: d.stages.map((s) =>
                            s.id === stage.id
                              ? {
                                  ...s,
                                  milestones: s.milestones.map((x) =>
                                    x.id === m.id ? { ...x, resources: x.resources.filter((_, i) => i !== ri) } : x,
                                  ),
                                }
                              : s,
                          ),
                        }),
                        "Resource removed.",
                        `add-resource-${m.id}`,
                      )
                    }
                  />
                )}
              </SortableList>
              <button
                type="button"
                id={`add-milestone-${stage.id}`}
                className={`${BUTTON} mt-3`}
                onClick={() =>
                  structural(
                    (d) => ({
                      ...d,
                      stages: d.stages.map((s) =>
                        s.id === stage.id ? { ...s, milestones: [...s.milestones, newMilestone()] } : s,
                      ),
                    }),
                    `Milestone ${stage.milestones.length + 1} added to "${stage.name || "new stage"}".`,
                    fieldId(fieldName("stages", si, "milestones", stage.milestones.length, "title")),
                  )
                }
              >
                Add a milestone to “{stage.name || "new stage"}”
              </button>
            </div>
          )}
        </SortableList>
        <button
          type="button"
          id="add-stage"
          className={`${BUTTON} mt-4`}
          onClick={() =>
            structural(
              (d) => ({ ...d, stages: [...d.stages, newStage()] }),
              `Stage ${doc.stages.length + 1} added, with one milestone.`,
              fieldId(fieldName("stages", doc.stages.length, "name")),
            )
          }
        >
          Add a stage
        </button>
      </section>

      <div className="sticky bottom-0 z-30 -mx-4 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-white/95 px-4 py-3">
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {busy ? "Saving…" : "Save draft"}
        </button>
        <span className="text-sm text-slate-600">
          {dirty ? "Unsaved changes." : "No unsaved changes."} Saving never changes a running journey.
        </span>
        <FormAnswerNotice answer={answer} id="save-answer" look="inline" className="basis-full text-sm font-medium" />
      </div>
    </Form>
  );
}

function MilestoneEditor({
  milestone: m,
  path,
  handle,
  err,
  open,
  set,
  onRemove,
  onMoveResource,
  setResource,
  onAddResource,
  onRemoveResource,
}: {
  milestone: EditorMilestone;
  path: [string, number, string, number];
  handle: Parameters<typeof DragHandle>[0];
  err: (...path: (string | number)[]) => string | undefined;
  open: boolean;
  set: (patch: Partial<EditorMilestone>) => void;
  onRemove: () => void;
  onMoveResource: (from: number, to: number) => void;
  setResource: (ri: number, patch: Partial<EditorResource>) => void;
  onAddResource: () => void;
  onRemoveResource: (ri: number) => void;
}) {
  const name = (...rest: (string | number)[]) => fieldName(...path, ...rest);
  const e = (...rest: (string | number)[]) => err(...path, ...rest);
  const side = m.ownerSide === "customer" ? "customer" : "vendor";
  const title = m.title || "new milestone";
  // Open while it is new or has an error; otherwise one line, opened at will.
  const [expanded, setExpanded] = useState(open);
  useEffect(() => {
    if (open) setExpanded(true);
  }, [open]);
  return (
    <div className="rounded-lg border border-slate-200 bg-slate-50 p-2" data-testid="milestone-editor">
      <div className="flex items-start gap-2">
        <DragHandle {...handle} />
        <details
          className="min-w-0 flex-1"
          open={expanded}
          onToggle={(ev) => setExpanded((ev.currentTarget as HTMLDetailsElement).open)}
        >
          <summary className="cursor-pointer rounded-md py-1 pr-1">
            <span className="break-words font-medium">{title}</span>
            <span className="block text-xs text-slate-600">
              {side === "customer" ? "Customer" : "Vendor"}: {ROLE_LABEL[m.ownerRole] ?? m.ownerRole} · {dueText(m)}
              {m.required ? "" : " · optional"}
              {m.visibility === "internal" ? " · internal" : ""}
              {m.firstValue ? " · first value" : ""}
            </span>
          </summary>
          <ErrorLine id={fieldId(name("key"))} error={e("key")} />
          <div className="mt-3 grid gap-3 sm:grid-cols-2">
            <p className="text-xs text-slate-600 sm:col-span-2">
              {m.key ? `Key: ${m.key}` : "Gets its key when saved"}
              {m.visibility === "internal" ? (
                <>
                  {" "}
                  <Badge>Internal</Badge>
                </>
              ) : null}
            </p>
            <TextField
              name={name("title")}
              label="Title"
              maxLength={200}
              className="sm:col-span-2"
              value={m.title}
              onChange={(v) => set({ title: v })}
              error={e("title")}
            />
            <TextField
              name={name("description")}
              label="Description"
              multiline
              maxLength={4000}
              className="sm:col-span-2"
              value={m.description}
              onChange={(v) => set({ description: v })}
              error={e("description")}
            />
            <SelectField
              name={name("ownerSide")}
              label="Owner side"
              value={side}
              options={SIDE_OPTIONS}
              onChange={(v) => {
                const roles: readonly string[] = ROLES[v as "customer" | "vendor"];
                set({ ownerSide: v, ownerRole: roles.includes(m.ownerRole) ? m.ownerRole : roles[0]! });
              }}
              error={e("ownerSide")}
            />
            <SelectField
              name={name("ownerRole")}
              label="Owner role"
              value={m.ownerRole}
              options={ROLES[side].map((r) => ({ value: r, label: ROLE_LABEL[r] ?? r }))}
              onChange={(v) => set({ ownerRole: v })}
              error={e("ownerRole")}
            />
            <TextField
              name={name("dueOffsetDays")}
              label="Due after (days)"
              type="number"
              inputMode="numeric"
              min={0}
              value={m.dueOffsetDays}
              onChange={(v) => set({ dueOffsetDays: v })}
              error={e("dueOffsetDays")}
            />
            <SelectField
              name={name("dueFrom")}
              label="Counted from"
              value={m.dueFrom}
              options={DUE_FROM.map((v) => ({ value: v, label: DUE_FROM_LABEL[v] }))}
              onChange={(v) => set({ dueFrom: v })}
              error={e("dueFrom")}
            />
            <SelectField
              name={name("dueOffsetKind")}
              label="Counting"
              value={m.dueOffsetKind}
              options={DUE_OFFSET_KINDS.map((v) => ({ value: v, label: DUE_KIND_LABEL[v] }))}
              onChange={(v) => set({ dueOffsetKind: v })}
              error={e("dueOffsetKind")}
            />
            <SelectField
              name={name("visibility")}
              label="Who sees it"
              value={m.visibility}
              options={VISIBILITY_OPTIONS}
              onChange={(v) => set({ visibility: v })}
              error={e("visibility")}
            />
            <CheckboxField
              name={name("required")}
              label="Required"
              hint="The stage is not done until it is."
              checked={m.required}
              onChange={(v) => set({ required: v })}
              error={e("required")}
            />
            <CheckboxField
              name={name("firstValue")}
              label="First value"
              hint="Completing it marks the journey's time to first value."
              checked={m.firstValue}
              onChange={(v) => set({ firstValue: v })}
              error={e("firstValue")}
            />
            <TextField
              name={name("segments")}
              label="Only for segments"
              hint="separated by commas; empty for every account"
              className="sm:col-span-2"
              value={m.segments}
              onChange={(v) => set({ segments: v })}
              error={e("segments")}
            />
          </div>

          <h5 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-600">Resources for “{title}”</h5>
          <SortableList
            id={`resources-${m.id}`}
            items={m.resources}
            what="resource"
            nameOf={(r) => r.title || "new resource"}
            onMove={onMoveResource}
            className="mt-2 space-y-2"
          >
            {(r, ri, rHandle) => (
              <div className="flex items-start gap-2 rounded-md border border-slate-200 bg-white p-2">
                <DragHandle {...rHandle} />
                <div className="grid min-w-0 flex-1 gap-2 sm:grid-cols-2">
                  <TextField
                    name={name("resources", ri, "title")}
                    label="Resource title"
                    maxLength={200}
                    value={r.title}
                    onChange={(v) => setResource(ri, { title: v })}
                    error={e("resources", ri, "title")}
                  />
                  <TextField
                    name={name("resources", ri, "url")}
                    label="URL"
                    hint="http or https"
                    type="url"
                    inputMode="url"
                    maxLength={2000}
                    value={r.url}
                    onChange={(v) => setResource(ri, { url: v })}
                    error={e("resources", ri, "url")}
                  />
                  <SelectField
                    name={name("resources", ri, "kind")}
                    label="Kind"
                    value={r.kind}
                    options={RESOURCE_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
                    onChange={(v) => setResource(ri, { kind: v })}
                    error={e("resources", ri, "kind")}
                  />
                  <TextField
                    name={name("resources", ri, "minutes")}
                    label="Minutes"
                    type="number"
                    inputMode="numeric"
                    min={0}
                    value={r.minutes}
                    onChange={(v) => setResource(ri, { minutes: v })}
                    error={e("resources", ri, "minutes")}
                  />
                  <div className="sm:col-span-2">
                    <ConfirmRemove
                      label={`Remove resource "${r.title || "new resource"}"`}
                      question={`Remove the resource "${r.title || "new resource"}" from "${title}"?`}
                      yes="Yes, remove the resource"
                      onConfirm={() => onRemoveResource(ri)}
                    />
                  </div>
                </div>
              </div>
            )}
          </SortableList>
          <div className="mt-3 flex flex-wrap items-start justify-between gap-2">
            <button type="button" id={`add-resource-${m.id}`} className={BUTTON} onClick={onAddResource}>
              Add a resource
            </button>
            <ConfirmRemove
              label={`Remove milestone "${title}"`}
              question={`Remove the milestone "${title}" from the draft?`}
              yes="Yes, remove the milestone"
              onConfirm={onRemove}
              // On a phone the row wraps: kept at the right, its question (anchored right) stays on screen.
              className="ml-auto"
            />
          </div>
        </details>
      </div>
    </div>
  );
}
