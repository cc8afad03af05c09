// The journey map as a list of stages: on a wide screen (and on paper) the
// stages are columns whose rows line up (goal, one swimlane per owner,
// touchpoints); on a phone each stage is a card with its lanes as lists.
import { Link } from "@remix-run/react";
import type { CSSProperties } from "react";
import { formatFigure, formatShare } from "~/modules/insights/insights-tables";
import { type MapFigures, type MilestoneFigures, noStageFigures } from "~/modules/insights/map-figures";
import type { JourneyMap, LaneKey, MapMilestone, MapStage } from "~/modules/playbook-studio/build-journey-map";
import { FEELING_LABELS } from "~/modules/pulse/pulse-rules";

/** The live figures of the version shown (ADR 043), and where /insights shows them in full. */
export interface LiveFigures extends MapFigures {
  versionNumber: number;
  insightsHref: string;
}

function dueLabel(m: MapMilestone): string {
  const unit = m.dueOffsetKind === "business" ? " (business days)" : "";
  return m.dueFrom === "stage_entry"
    ? `due on stage day ${m.dueOffsetDays}${unit}`
    : `due on day ${m.dueOffsetDays}${unit}`;
}

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function MilestoneFiguresLine({ f }: { f: MilestoneFigures | undefined }) {
  const parts = !f
    ? ["On no journey counted here yet"]
    : [
        f.done ? `On time ${f.onTime} of ${f.done} (${formatShare(f.onTimeRate)})` : "None done yet",
        f.heldStage > 0 ? `held its stage ${plural(f.heldStage, "time", "times")}` : null,
      ].filter(Boolean);
  return (
    <p className="mt-1 text-xs text-slate-800" data-milestone-figures>
      <span className="sr-only">Live: </span>
      {parts.join(" · ")}
    </p>
  );
}

function MilestoneCard({ m, figures }: { m: MapMilestone; figures?: LiveFigures | null }) {
  const tags = [
    m.required ? null : "Optional",
    m.internal ? "Internal" : null,
    m.firstValue ? "First value" : null,
    m.segments ? `Only for: ${m.segments.join(", ")}` : null,
  ].filter(Boolean);
  return (
    <li className="rounded-md border border-slate-200 bg-white p-2 print:border-slate-400" data-milestone-key={m.key}>
      <p className="break-words text-sm font-medium text-slate-900">{m.title}</p>
      <p className="text-xs text-slate-600">
        {m.roleLabel} · {dueLabel(m)}
      </p>
      {tags.length ? <p className="mt-1 text-xs font-medium text-slate-700">{tags.join(" · ")}</p> : null}
      {figures ? <MilestoneFiguresLine f={figures.milestones[m.key]} /> : null}
    </li>
  );
}

/** The nudge sweep's rules as they meet this stage's steps, in three sentences at most. */
function reminderLines(stage: MapStage): string[] {
  const all = stage.lanes.flatMap((l) => l.milestones);
  if (!all.length) return [];
  const required = all.filter((m) => m.reminders.until === "done");
  const optional = all.filter((m) => m.reminders.until === "due_day");
  const escalated = all.filter((m) => m.reminders.escalatesAfterDays !== null);
  const { fromDaysBefore, everyDays } = all[0]!.reminders;
  const lines: string[] = [];
  if (required.length) {
    lines.push(
      `${plural(required.length, "required step", "required steps")}: the owner is reminded from ${plural(fromDaysBefore, "day", "days")} before the due day until it is done, at most every ${plural(everyDays, "day", "days")}.`,
    );
  }
  if (optional.length) {
    lines.push(
      `${plural(optional.length, "optional step", "optional steps")}: reminded in the ${plural(fromDaysBefore, "day", "days")} before the due day only.`,
    );
  }
  if (escalated.length) {
    lines.push(
      `${plural(escalated.length, "customer step", "customer steps")} overdue by more than ${plural(escalated[0]!.reminders.escalatesAfterDays!, "day", "days")} go to the CSM.`,
    );
  }
  return lines;
}

function Touchpoints({ stage }: { stage: MapStage }) {
  const reminders = reminderLines(stage);
  return (
    <div className="rounded-b-lg border-t border-slate-200 bg-slate-100 p-3 text-sm print:bg-white">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-700">Touchpoints</h3>
      <h4 className="mt-2 font-medium">Emails</h4>
      {stage.emails.length ? (
        <ul className="mt-1 space-y-1">
          {stage.emails.map((e) => (
            <li key={e.to} className="break-words">
              <span className="text-slate-600">{e.to === "customer" ? "To each contact: " : "To the CSM: "}</span>“
              {e.subject}”{e.words === "generic" ? <span className="text-slate-600"> (generic words)</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-slate-600">None: a journey starts here, and a start sends no stage email.</p>
      )}
      <h4 className="mt-2 font-medium">Reminders</h4>
      {reminders.length ? (
        <ul className="mt-1 list-disc space-y-1 pl-4">
          {reminders.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-slate-600">None.</p>
      )}
      <h4 className="mt-2 font-medium">Resources</h4>
      {stage.resources.length ? (
        <ul className="mt-1 space-y-1">
          {stage.resources.map((r) => (
            <li key={`${r.milestoneKey} ${r.url} ${r.title}`} className="break-words">
              <a href={r.url} className="text-brand-700 underline" rel="noreferrer">
                {r.title}
              </a>{" "}
              <span className="text-slate-600">
                ({r.kind}, {r.minutes} min)
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-slate-600">None.</p>
      )}
    </div>
  );
}

/** One stage's figures as sentences, so a screen reader and a printer read what the eye reads. */
function StageFiguresBlock({ stage, figures }: { stage: MapStage; figures: LiveFigures }) {
  const f = figures.stages[stage.key] ?? noStageFigures();
  const inStage = f.now.on_track + f.now.behind + f.now.stuck;
  const expected = f.expectedDays ?? stage.expectedDays ?? null;
  const feelings = f.commonFeelings.map((x) => FEELING_LABELS[x].toLowerCase()).join(" and ");
  const id = `figures-${stage.key}`;
  return (
    <div
      className="border-b border-slate-200 bg-brand-50 px-3 py-2 text-sm print:bg-white"
      data-stage-figures={stage.key}
    >
      <h3 id={id} className="text-xs font-semibold uppercase tracking-wide text-slate-700">
        Live figures<span className="sr-only">: {stage.name}</span>
      </h3>
      <dl className="mt-1 space-y-1">
        <div>
          <dt className="font-medium">In this stage now</dt>
          <dd data-figure="now">
            <span data-figure="in-stage">{plural(inStage, "account", "accounts")}</span>
            {inStage ? (
              <>
                : <span data-figure="on-track">{f.now.on_track}</span> on track,{" "}
                <span data-figure="behind">{f.now.behind}</span> behind, <span data-figure="stuck">{f.now.stuck}</span>{" "}
                stuck
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt className="font-medium">Entered and completed</dt>
          <dd>
            <span data-figure="entered">{f.entered}</span> entered, <span data-figure="completed">{f.completed}</span>{" "}
            completed
            {f.entered ? (
              <>
                {" "}
                (<span data-figure="conversion">{formatShare(f.conversion)}</span> conversion)
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt className="font-medium">Days in stage</dt>
          <dd>
            {f.completed ? (
              <>
                median <span data-figure="median">{formatFigure(f.medianDays, 1)}</span>, 75th percentile{" "}
                <span data-figure="p75">{formatFigure(f.p75Days, 1)}</span> days
              </>
            ) : (
              "no completed stay yet"
            )}
            {expected === null ? "; no duration set" : `; expected ${plural(expected, "day", "days")}`}
            {f.completed && expected !== null && f.medianDays !== null && f.medianDays > expected
              ? " (the median runs over)"
              : null}
          </dd>
        </div>
        <div>
          <dt className="font-medium">Customers said</dt>
          <dd>
            {f.answers ? (
              <>
                CSAT <span data-figure="csat">{formatFigure(f.csatMean, 2)}</span> of 5 from{" "}
                {plural(f.answers, "answer", "answers")}
                {feelings ? (
                  <>
                    ; felt most often <span data-figure="feeling">{feelings}</span> ({f.commonFeelingCount})
                  </>
                ) : null}
              </>
            ) : (
              "no survey answers yet"
            )}
          </dd>
        </div>
      </dl>
      <Link to={figures.insightsHref} className="journey-map-no-print mt-1 inline-block text-brand-700 underline">
        Open on Insights
        <span className="sr-only">
          {" "}
          (version {figures.versionNumber}, {stage.name})
        </span>
      </Link>
    </div>
  );
}

export function JourneyMapView({ map, figures }: { map: JourneyMap; figures?: LiveFigures | null }) {
  const laneLabel = new Map<LaneKey, string>(map.lanes.map((l) => [l.key, l.label]));
  const style = { "--lanes": map.lanes.length } as CSSProperties;
  return (
    // Wide screens scroll the columns sideways inside this region, which the keyboard can reach.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="journey-map-scroll mt-6" aria-label="Journey map" tabIndex={0} data-testid="journey-map">
      <ol className={figures ? "journey-map journey-map-figures" : "journey-map"} style={style}>
        {map.stages.map((s) => (
          <li
            key={s.key}
            // relative: the screen-reader-only words inside are placed within the scrolling region, not past the page's edge.
            className="relative rounded-lg border border-slate-300 bg-slate-50 print:break-inside-avoid"
            aria-labelledby={`stage-${s.key}`}
            data-stage-key={s.key}
          >
            <div className="rounded-t-lg border-b border-slate-200 bg-white p-3">
              <h2 id={`stage-${s.key}`} className="text-lg font-semibold">
                <span className="text-slate-600">{s.position}.</span> {s.name}
              </h2>
              <dl className="mt-1 space-y-1 text-sm">
                <div>
                  <dt className="inline font-medium">End goal: </dt>
                  <dd className="inline">{s.goal || "not written yet"}</dd>
                </div>
                <div>
                  <dt className="inline font-medium">Success measure: </dt>
                  <dd className="inline">{s.successMeasure || "not written yet"}</dd>
                </div>
                <div>
                  <dt className="inline font-medium">Expected: </dt>
                  <dd className="inline">
                    {s.expectedDays ? plural(s.expectedDays, "day", "days") : "no duration set"}
                  </dd>
                </div>
              </dl>
            </div>
            {figures ? <StageFiguresBlock stage={s} figures={figures} /> : null}
            {s.lanes.map((l) => (
              <div
                key={l.lane}
                className={`border-b border-slate-200 px-3 py-2 ${l.milestones.length ? "" : "hidden md:block print:block"}`}
                data-lane={l.lane}
              >
                <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-700">
                  {laneLabel.get(l.lane)}
                </h3>
                {l.milestones.length ? (
                  <ul className="mt-1 space-y-2">
                    {l.milestones.map((m) => (
                      <MilestoneCard key={m.key} m={m} figures={figures} />
                    ))}
                  </ul>
                ) : (
                  <p className="mt-1 text-xs text-slate-600">Nothing in this stage.</p>
                )}
              </div>
            ))}
            <Touchpoints stage={s} />
          </li>
        ))}
      </ol>
    </section>
  );
}
