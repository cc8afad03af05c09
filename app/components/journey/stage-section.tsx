// One stage of a journey as a page section: its numbered heading with a badge
// for where the journey stands, an optional description, and its milestones.
import type { ReactNode } from "react";
import type { JourneyStageView } from "~/modules/journeys/get-journey.server";
import { Badge } from "../ui/badge";

type Stage = Pick<JourneyStageView, "id" | "name" | "state" | "position" | "description">;

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
