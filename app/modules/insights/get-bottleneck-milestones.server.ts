// Bottleneck milestones (issue 13): per playbook milestone, its on-time rate, median days late,
// and how often it was the last required step closed before its stage moved on: the step that held the stage.
import { sql } from "kysely";
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import type { InsightsFilter } from "./insights-filter";
import { runInsightsQuery, scopedJourneys } from "./insights-scope.server";

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
    with scoped as (${scopedJourneys(actor, filter, now)}),
    ms as (
      select m.id, m.stage_id, m.playbook_key as key, m.title, m.required, m.status, m.due_on, m.completed_at,
        s.name as stage_name, s.position as stage_position,
        (m.completed_at at time zone sc.tz)::date as done_day,
        (m.status = 'open' and m.required and m.due_on < sc.clock_day and s.position <= sc.current_stage_position
          and sc.completed_at is null) as open_overdue
      from scoped sc
      join journey_milestones m on m.journey_id = sc.journey_id
      join journey_stages s on s.id = m.stage_id
      where m.playbook_key is not null
    ),
    -- When each stage moved on: the next stage's entry, or the journey's completion for the last.
    exits as (
      select t.from_stage_id as stage_id, t.entered_at as exit_at
      from scoped sc join stage_transitions t on t.journey_id = sc.journey_id
      where t.from_stage_id is not null
      union all
      select s.id, sc.completed_at
      from scoped sc join journey_stages s on s.journey_id = sc.journey_id and s.position = sc.current_stage_position
      where sc.completed_at is not null
    ),
    -- Closings of required steps: a done step never reopened closed once, at its completed_at; the
    -- others (reopened, brought back, not applicable) are read from their events (migration 018).
    eventful as (
      select e.milestone_id from milestone_events e where e.kind in ('reopened', 'applicable_again')
    ),
    closings as (
      select ms.id as milestone_id, ms.stage_id, ms.completed_at as at, 0::bigint as ord
      from ms where ms.required and ms.status = 'done' and ms.id not in (select milestone_id from eventful)
      union all
      select e.milestone_id, ms.stage_id, e.at, e.id::bigint
      from ms join milestone_events e on e.milestone_id = ms.id and e.kind in ('completed', 'not_applicable')
      where ms.required and (ms.status = 'not_applicable' or ms.id in (select milestone_id from eventful))
    ),
    -- The required step whose closing came last at or before the move (ties: the later event).
    last_close as (
      select x.stage_id, max(c.at) as at
      from exits x join closings c on c.stage_id = x.stage_id and c.at <= x.exit_at
      group by x.stage_id
    ),
    holders as (
      select distinct on (l.stage_id) l.stage_id, c.milestone_id
      from last_close l join closings c on c.stage_id = l.stage_id and c.at = l.at
      order by l.stage_id, c.ord desc, c.milestone_id
    ),
    exit_counts as (
      select ms.key, count(*)::int as stage_exits, count(h.milestone_id)::int as held_stage
      from exits x
      join ms on ms.stage_id = x.stage_id and ms.required
      left join holders h on h.stage_id = x.stage_id and h.milestone_id = ms.id
      group by ms.key
    ),
    per_key as (
      select key, min(title) as title, min(stage_name) as stage_name, min(stage_position)::int as stage_position,
        count(*) filter (where status = 'done')::int as done,
        count(*) filter (where status = 'done' and done_day <= due_on)::int as on_time,
        (percentile_cont(0.5) within group (order by done_day - due_on)
          filter (where status = 'done' and done_day > due_on))::float8 as median_days_late,
        count(*) filter (where open_overdue)::int as open_overdue
      from ms group by key
    )
    select p.*, coalesce(x.stage_exits, 0) as stage_exits, coalesce(x.held_stage, 0) as held_stage
    from per_key p left join exit_counts x on x.key = p.key
    order by coalesce(x.held_stage, 0) desc, p.stage_position, p.key`,
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
