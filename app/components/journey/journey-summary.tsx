import type { ReactNode } from "react";
import type { JourneyView } from "~/modules/journeys/get-journey.server";
import { ProgressBar } from "../ui/progress-bar";
import { ProgressAnnouncer } from "./progress-announcer";
import { StagePath } from "./stage-path";

/** What the summary reads: the customer's page sends no more than this and its stages' lines. */
export interface SummaryView {
  account: Pick<JourneyView["account"], "csmName">;
  journey: Pick<JourneyView["journey"], "daysSinceStart" | "completedAt">;
  currentStage: Pick<JourneyView["currentStage"], "name">;
  progress: Pick<JourneyView["progress"], "done" | "total">;
  stages: Pick<JourneyView["stages"][number], "id" | "name" | "state" | "position">[];
}

export function JourneySummary({
  view,
  heading,
  stageNotice = null,
  staff = false,
  lead = null,
}: {
  view: SummaryView;
  heading: string;
  /** Staff pages name the account's CSM plainly ("CSM: …"); the customer reads "Your CSM: …". */
  staff?: boolean;
  /** What leads the page under its heading (the staff's attention line). */
  lead?: ReactNode;
  /** What finishing a stage achieved and what comes next (see `stageDoneNotice`), said with the progress. */
  stageNotice?: string | null;
}) {
  return (
    <section aria-labelledby="journey-heading" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h1 id="journey-heading" tabIndex={-1} className="text-2xl font-bold tracking-tight">
        {heading}
      </h1>
      <p className="mt-1 text-sm text-slate-600">
        {view.journey.completedAt ? (
          <>Journey complete</>
        ) : (
          <>
            Current stage:{" "}
            <strong className="text-slate-900" data-testid="current-stage">
              {view.currentStage.name}
            </strong>
          </>
        )}
        {" · "}Day {view.journey.daysSinceStart + 1} since the start
        {view.account.csmName ? (
          <>
            {" · "}
            {staff ? "CSM" : "Your CSM"}: {view.account.csmName}
          </>
        ) : null}
      </p>
      {lead}
      <div className="mt-4">
        <ProgressBar done={view.progress.done} total={view.progress.total} label="Overall progress" />
        <ProgressAnnouncer
          done={view.progress.done}
          total={view.progress.total}
          stageName={view.currentStage.name}
          complete={view.journey.completedAt !== null}
          stageNotice={stageNotice}
        />
      </div>
      <div className="mt-5">
        <StagePath stages={view.stages} />
      </div>
    </section>
  );
}
