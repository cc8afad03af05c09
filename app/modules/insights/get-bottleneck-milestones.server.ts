// Bottleneck milestones (issue 13): per playbook milestone, its on-time rate, median days late,
// and how often it was the last required step closed before its stage moved on: the step that held the stage.
import { type RawBuilder, sql } from "kysely";
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import type { InsightsFilter } from "./insights-filter";
import { keptScope, percentilesFromCounts, runInsightsQuery } from "./insights-scope.server";

export interface BottleneckMilestone {
  key: string;
  title: string;
  stageName: string;
  stagePosition: number;
  /** Completed, not counting not-applicable ones. */
  done: number;
  onTime: number;
  /** onTime / done; null when none done. */
  onTimeRate: number | null;
  /** Median of the days late of those completed late; null when none were. */
  medianDaysLate: number | null;
  /** Still open, required, past its date, in a stage reached. */
  openOverdue: number;
  /** Stage exits where this step was required in the stage that moved on. */
  stageExits: number;
  /** Of those, how often its closing was the last before the move: it held the stage. */
  heldStage: number;
  heldRate: number | null;
}

/** Stands for every journey at once where the rows need not be told apart by journey. */
const ALL_JOURNEYS = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * The rows of this figure, as CTEs over `live` (scopedJourneys' columns) ending in `step_rows`: per
 * playbook key (and days late, title, stage), the counts the figure adds up. `perJourney` keeps
 * them apart by journey, for the refresh to keep (ADR 044); the figure itself, computing the
 * journeys not kept fresh, adds them up across journeys at once, which spares a sort of every step.
 */
export function bottleneckStepRows(perJourney: boolean): RawBuilder<unknown> {
  const journey = perJourney ? sql`s.journey_id` : ALL_JOURNEYS;
  return sql`
    -- When each stage moved on: the next stage's entry, or the journey's completion for the last.
    exits as (
      select t.from_stage_id as stage_id, t.entered_at as exit_at
      from live sc join stage_transitions t on t.journey_id = sc.journey_id
      where t.from_stage_id is not null
      union all
      select s.id, sc.completed_at
      from live sc join journey_stages s on s.journey_id = sc.journey_id and s.position = sc.current_stage_position
      where sc.completed_at is not null
    ),
    -- Per stage: its journey, name and place, the journey's clock, whether the journey has reached
    -- it and runs on, how many times it moved on and the last time (a closing counts for the holder
    -- when it came at or before some exit, so at or before the last one). Each of the two passes
    -- over the steps below joins them to this one set (ADR 041), not to the journeys and stages again.
    stages as materialized (
      select s.id, ${journey} as journey_id, s.name, s.position, sc.tz, sc.clock_day,
        s.position <= sc.current_stage_position and sc.completed_at is null as running,
        x.exits, x.last_exit
      from live sc
      join journey_stages s on s.journey_id = sc.journey_id
      left join (select stage_id, count(*)::int as exits, max(exit_at) as last_exit from exits group by stage_id) x
        on x.stage_id = s.id
    ),
    -- Steps ever reopened or brought back: only these (and not-applicable ones) read their events.
    reopened_steps as (
      select e.milestone_id from milestone_events e where e.kind in ('reopened', 'applicable_again')
    ),
    -- Pass 1, every step: the facts of the per-key figures, per journey.
    ms as (
      select s.journey_id, m.playbook_key as key, m.title, m.status, s.name as stage_name, s.position as stage_position,
        (m.completed_at at time zone s.tz)::date - m.due_on as days_late,
        (m.status = 'open' and m.required and m.due_on < s.clock_day and s.running) as open_overdue
      from stages s join journey_milestones m on m.stage_id = s.id
      where m.playbook_key is not null
    ),
    -- Pass 2, the required steps of the stages that moved on: stage exits and closings.
    exited as materialized (
      select s.id as stage_id, s.journey_id, s.exits, s.last_exit, m.playbook_key as key, m.id, m.status, m.completed_at,
        m.status = 'not_applicable' or m.id in (select milestone_id from reopened_steps) as from_events
      from stages s join journey_milestones m on m.stage_id = s.id
      where s.exits is not null and m.required and m.playbook_key is not null
    ),
    exit_counts as (select journey_id, key, sum(exits)::int as stage_exits from exited group by journey_id, key),
    -- Closings at or before the stage's last exit: a done step never reopened closed once, at its
    -- completed_at; the others (reopened, brought back, not applicable) are read from their events
    -- (migration 018).
    closings as (
      select stage_id, journey_id, key, exits, id as milestone_id, completed_at as at, 0::bigint as ord
      from exited where status = 'done' and not from_events and completed_at <= last_exit
      union all
      select x.stage_id, x.journey_id, x.key, x.exits, e.milestone_id, e.at, e.id::bigint
      from exited x
      -- Lateral, so the few steps' events come through the (milestone_id, at) index (migration 018).
      cross join lateral (
        select e.milestone_id, e.at, e.id from milestone_events e
        where e.milestone_id = x.id and e.kind in ('completed', 'not_applicable') and e.at <= x.last_exit
        offset 0 -- kept a lookup per step: not flattened into a hash of every event
      ) e
      where x.from_events
    ),
    -- The required step whose closing came last at or before the move (ties: the later event, then
    -- the lower id): the step that held the stage, once for each time the stage moved on.
    holders as (
      select distinct on (stage_id) journey_id, key, exits
      from closings
      order by stage_id, at desc, ord desc, milestone_id
    ),
    held as (select journey_id, key, sum(exits)::int as held_stage from holders group by journey_id, key),
    -- Per journey, key and day late (null when done on time or not done), title and stage: hashed
    -- into few rows before anything is sorted (materialized, so the numbering below sorts these).
    ms_grouped as materialized (
      select journey_id, key, case when status = 'done' and days_late > 0 then days_late end as late,
        title, stage_name, stage_position,
        count(*) filter (where status = 'done')::int as done,
        count(*) filter (where status = 'done' and days_late <= 0)::int as on_time,
        count(*) filter (where open_overdue)::int as open_overdue
      from ms group by journey_id, key, 3, title, stage_name, stage_position
    ),
    -- The journey's exits and holds of a key ride on its first such row.
    ms_rows as (select *, row_number() over (partition by journey_id, key) as nth from ms_grouped),
    step_rows as (
      select r.journey_id, r.key, r.late, r.title, r.stage_name, r.stage_position, r.done, r.on_time, r.open_overdue,
        case when r.nth = 1 then coalesce(x.stage_exits, 0) else 0 end as stage_exits,
        case when r.nth = 1 then coalesce(h.held_stage, 0) else 0 end as held_stage
      from ms_rows r
      left join exit_counts x on x.journey_id = r.journey_id and x.key = r.key
      left join held h on h.journey_id = r.journey_id and h.key = r.key
    )`;
}

/** Docs: docs/metrics.md § Bottleneck milestones. Sorted by how often it held its stage, most first. */
export async function getBottleneckMilestones(
  db: DB,
  actor: Actor,
  filter: InsightsFilter,
  now: Date,
): Promise<BottleneckMilestone[]> {
  const rows = await runInsightsQuery(
    db,
    sql<{
      key: string;
      title: string;
      stage_name: string;
      stage_position: number;
      done: number;
      on_time: number;
      median_days_late: number | null;
      open_overdue: number;
      stage_exits: number;
      held_stage: number;
    }>`
    with ${keptScope(actor, filter, now)},
    ${bottleneckStepRows(false)},
    -- The journeys computed now and the ones kept fresh (ADR 044), in one set of rows.
    all_rows as (
      select key, late, title, stage_name, stage_position, done, on_time, open_overdue, stage_exits, held_stage
      from step_rows
      union all
      select r.key, r.late, r.title, r.stage_name, r.stage_position, r.done, r.on_time, r.open_overdue,
        r.stage_exits, r.held_stage
      from fresh f join insight_step_rows r on r.journey_id = f.journey_id
    ),
    -- Per key and day late, and title and stage: a few hundred rows, so the median needs no sort of
    -- every step and the minimum titles no text comparison per step.
    per_key_day as (
      select key, late, title, stage_name, stage_position,
        sum(done)::int as done, sum(on_time)::int as on_time, sum(open_overdue)::int as open_overdue,
        sum(stage_exits)::int as stage_exits, sum(held_stage)::int as held_stage
      from all_rows group by key, late, title, stage_name, stage_position
    ),
    per_key as (
      select key, min(title) as title, min(stage_name) as stage_name, min(stage_position)::int as stage_position,
        sum(done)::int as done, sum(on_time)::int as on_time, sum(open_overdue)::int as open_overdue,
        sum(stage_exits)::int as stage_exits, sum(held_stage)::int as held_stage
      from per_key_day group by key
    ),
    late_median as (
      ${percentilesFromCounts(sql`select key as grp, late as v, done as n from per_key_day where late is not null`, {
        median_days_late: 0.5,
      })}
    )
    select p.key, p.title, p.stage_name, p.stage_position, p.done, p.on_time, l.median_days_late, p.open_overdue,
      p.stage_exits, p.held_stage
    from per_key p
    left join late_median l on l.grp = p.key
    order by p.held_stage desc, p.stage_position, p.key`,
    { indexLookupsCheap: true },
  );
  return rows.map((r) => ({
    key: r.key,
    title: r.title,
    stageName: r.stage_name,
    stagePosition: r.stage_position,
    done: r.done,
    onTime: r.on_time,
    onTimeRate: r.done === 0 ? null : r.on_time / r.done,
    medianDaysLate: r.median_days_late,
    openOverdue: r.open_overdue,
    stageExits: r.stage_exits,
    heldStage: r.held_stage,
    heldRate: r.stage_exits === 0 ? null : r.held_stage / r.stage_exits,
  }));
}
