import type { JourneyStageView } from "~/modules/journeys/get-journey.server";

type Stage = Pick<JourneyStageView, "id" | "name" | "state" | "position">;

const STYLES = {
  done: "border-emerald-600 bg-emerald-600 text-white",
  current: "border-brand-600 bg-white text-brand-700 ring-4 ring-brand-100",
  upcoming: "border-slate-300 bg-white text-slate-500",
} as const;

const STATE_TEXT = { done: "done", current: "current stage", upcoming: "upcoming" } as const;

export function StagePath({ stages }: { stages: Stage[] }) {
  return (
    <ol className="relative grid grid-cols-3 gap-2 sm:flex" aria-label="Journey stages">
      {stages.map((s) => (
        <li key={s.id} className="flex min-w-0 flex-1 flex-col items-center text-center">
          <a href={`#stage-${s.position}`} className="group flex flex-col items-center rounded-md p-1">
            <span
              className={`flex h-8 w-8 items-center justify-center rounded-full border-2 text-sm font-semibold ${STYLES[s.state]}`}
              aria-hidden="true"
            >
              {s.state === "done" ? "✓" : s.position}
            </span>
            <span
              className={`mt-1 text-sm ${s.state === "current" ? "font-semibold text-brand-700" : "text-slate-700"} group-hover:underline`}
            >
              {s.name}
            </span>
            <span className="sr-only">({STATE_TEXT[s.state]})</span>
          </a>
        </li>
      ))}
    </ol>
  );
}
