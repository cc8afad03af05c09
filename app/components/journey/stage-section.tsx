// One stage of a journey as a page section: its numbered heading with a badge
// for where the journey stands, an optional description, and its milestones.
// A stage out of focus (finished, or later) folds to one line that opens.
import type { ReactNode } from "react";
import type { JourneyStageView } from "~/modules/journeys/get-journey.server";
import { formatDate } from "~/utils/dates";
import { Badge } from "../ui/badge";

type Stage = Pick<JourneyStageView, "id" | "name" | "state" | "position"> & { description?: string };

export function StageSection({
  stage,
  className,
  withDescription = false,
  children,
}: {
  stage: Stage;
  /** Spacing around the section, which differs between pages. */
  className: string;
  withDescription?: boolean;
  /** The stage's milestones, as list items. */
  children: ReactNode;
}) {
  return (
    <section id={`stage-${stage.position}`} aria-labelledby={`stage-h-${stage.id}`} className={className}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`stage-h-${stage.id}`} className="text-xl font-semibold">
          {stage.position}. {stage.name}
        </h2>
        {stage.state === "done" && <Badge tone="green">Done</Badge>}
        {stage.state === "current" && <Badge tone="blue">Current stage</Badge>}
        {stage.state === "upcoming" && <Badge>Upcoming</Badge>}
      </div>
      {withDescription && stage.description && <p className="mt-1 text-sm text-slate-600">{stage.description}</p>}
      <ul className="mt-3 space-y-3">{children}</ul>
    </section>
  );
}

/**
 * A stage as one line (its name, when it was done, how many steps it has) that opens on a click
 * or Enter: a native <details>, so it works without script and assistive technology announces it
 * as a disclosure. The heading sits in the summary, which HTML allows, so heading navigation finds it.
 */
export function FoldedStage({
  stage,
  className,
  open = false,
  children,
}: {
  stage: Pick<JourneyStageView, "id" | "name" | "state" | "position" | "finishedOn"> & { milestones: unknown[] };
  className: string;
  /** Open from the start (it holds the step being edited). */
  open?: boolean;
  /** The stage's milestones, as list items. */
  children: ReactNode;
}) {
  const steps = stage.milestones.length;
  return (
    <section id={`stage-${stage.position}`} aria-labelledby={`stage-h-${stage.id}`} className={className}>
      <details open={open} className="group rounded-lg border border-slate-200 bg-white shadow-sm">
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 rounded-lg p-4 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
          <span aria-hidden="true" className="text-slate-500 transition-transform group-open:rotate-90">
            ▸
          </span>
          <h2 id={`stage-h-${stage.id}`} className="text-lg font-semibold">
            {stage.position}. {stage.name}
          </h2>
          {stage.state === "done" ? <Badge tone="green">Done</Badge> : <Badge>Upcoming</Badge>}
          <span className="text-sm text-slate-600">
            {stage.state === "done" && stage.finishedOn ? `Done on ${formatDate(stage.finishedOn)} · ` : ""}
            {`${steps} ${steps === 1 ? "step" : "steps"}`}
          </span>
        </summary>
        <ul className="space-y-3 border-t border-slate-200 p-4">{children}</ul>
      </details>
    </section>
  );
}
