// The journey map as a list of stages: on a wide screen (and on paper) the
// stages are columns whose rows line up (goal, one swimlane per owner,
// touchpoints); on a phone each stage is a card with its lanes as lists.
import type { CSSProperties } from "react";
import type { JourneyMap, LaneKey, MapMilestone, MapStage } from "~/modules/playbook-studio/build-journey-map";

function dueLabel(m: MapMilestone): string {
  const unit = m.dueOffsetKind === "business" ? " (business days)" : "";
  return m.dueFrom === "stage_entry"
    ? `due on stage day ${m.dueOffsetDays}${unit}`
    : `due on day ${m.dueOffsetDays}${unit}`;
}

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function MilestoneCard({ m }: { m: MapMilestone }) {
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

export function JourneyMapView({ map }: { map: JourneyMap }) {
  const laneLabel = new Map<LaneKey, string>(map.lanes.map((l) => [l.key, l.label]));
  const style = { "--lanes": map.lanes.length } as CSSProperties;
  return (
    // Wide screens scroll the columns sideways inside this region, which the keyboard can reach.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="journey-map-scroll mt-6" aria-label="Journey map" tabIndex={0} data-testid="journey-map">
      <ol className="journey-map" style={style}>
        {map.stages.map((s) => (
          <li
            key={s.key}
            className="rounded-lg border border-slate-300 bg-slate-50 print:break-inside-avoid"
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
                      <MilestoneCard key={m.key} m={m} />
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
