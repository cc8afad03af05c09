// A stage as one line (the customer's page, and the staff's account page for finished stages): its name, where it stands, when it was done (or may
// start) and how many steps it has, with a link that opens it. Opening is a link to `?stage=`, not
// hidden markup: the page sends and renders a stage's steps only when asked, with or without script.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { CustomerStage } from "~/modules/journeys/customer-journey-page.server";
import { formatDate } from "~/utils/dates";
import { Badge } from "../ui/badge";

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/** "Done on Mar 5 · 3 steps", "5 steps · expected to start Apr 2". */
export function stageFacts(stage: Pick<CustomerStage, "state" | "finishedOn" | "steps" | "expectedStart">): string {
  const steps = plural(stage.steps, "step");
  if (stage.state === "done") return stage.finishedOn ? `Done on ${formatDate(stage.finishedOn)} · ${steps}` : steps;
  return stage.expectedStart ? `${steps} · expected to start ${formatDate(stage.expectedStart)}` : steps;
}

export function StageSummary({
  stage,
  open,
  className,
  children,
  href = (position) => (position === null ? "/journey" : `/journey?stage=${position}`),
}: {
  stage: Pick<CustomerStage, "id" | "position" | "name" | "state" | "finishedOn" | "steps" | "expectedStart">;
  /** The page's address with this stage opened (a position) or none opened (null); the customer's by default. */
  href?: (position: number | null) => string;
  /** Shown with its steps (as lines, the children) and a link that closes it. */
  open: boolean;
  className: string;
  /** The stage's steps, as list items, when open. */
  children?: ReactNode;
}) {
  const target = `${href(open ? null : stage.position)}#stage-${stage.position}`;
  return (
    <section
      id={`stage-${stage.position}`}
      aria-labelledby={`stage-h-${stage.id}`}
      className={`rounded-lg border border-slate-200 bg-white shadow-sm ${className}`}
      data-testid="stage-summary"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
        <h2 id={`stage-h-${stage.id}`} className="text-lg font-semibold">
          {stage.position}. {stage.name}
        </h2>
        {stage.state === "done" ? <Badge tone="green">Done</Badge> : <Badge>Upcoming</Badge>}
        <span className="text-sm text-slate-600">{stageFacts(stage)}</span>
        {stage.steps > 0 && (
          <Link
            to={target}
            preventScrollReset
            className="text-sm font-medium text-brand-700 underline hover:text-brand-900 sm:ml-auto"
          >
            {open ? "Hide the steps" : "Show the steps"}
            <span className="sr-only"> of {stage.name}</span>
          </Link>
        )}
      </div>
      {open && children ? <ul className="space-y-3 border-t border-slate-200 p-4">{children}</ul> : null}
    </section>
  );
}
