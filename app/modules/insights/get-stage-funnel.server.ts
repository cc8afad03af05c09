// The stage funnel (issue 13): per stage, how many journeys entered and completed it, the
// conversion, and the median and 75th-percentile days in the stage against its expected days.
import { sql } from "kysely";
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import type { InsightsFilter } from "./insights-filter";
import { pausedDays, runInsightsQuery, scopedJourneys, versionStages } from "./insights-scope.server";

export interface FunnelStage {
  /** The playbook stage's key; journeys of every version in scope meet on it. */
  key: string;
  name: string;
  position: number;
  entered: number;
  completed: number;
  /** completed / entered; null when none entered. */
  conversion: number | null;
  /** Of the completed stays, paused days left out; null when none completed. */
  medianDays: number | null;
  p75Days: number | null;
  /** The stage's expected days; null when unset or when the versions in scope disagree. */
  expectedDays: number | null;
  /** Completed stays longer than the expected days. */
  overExpected: number;
}

/** Docs: docs/metrics.md § Stage funnel. */
export async function getStageFunnel(db: DB, actor: Actor, filter: InsightsFilter, now: Date): Promise<FunnelStage[]> {
  const rows = await runInsightsQuery(
    db,
    sql<{
      key: string;
      name: string;
      position: number;
      entered: number;
      completed: number;
      median_days: number | null;
      p75_days: number | null;
      expected_days: number | null;
      over_expected: number;
    }>`
    with scoped as (${scopedJourneys(actor, filter, now)}),
    vstages as (${versionStages}),
    stays as (
      select sc.account_id, sc.version_id, sc.paused, sc.clock_day, s.position, s.name,
        coalesce(s.playbook_key, 'position-' || s.position) as key,
        (s.entered_at at time zone sc.tz)::date as entered_day,
        (coalesce(
          min(s.entered_at) over (partition by s.journey_id order by s.position
            rows between 1 following and unbounded following),
          sc.completed_at) at time zone sc.tz)::date as left_day
      from scoped sc join journey_stages s on s.journey_id = sc.journey_id
    ),
    measured as (
      select st.*, vs.expected_days,
        case when st.left_day is not null then
          st.left_day - st.entered_day - ${pausedDays(sql`st.paused`, sql`st.entered_day`, sql`st.left_day`)}
        end as days
      from stays st
      left join vstages vs on vs.version_id = st.version_id and vs.key = st.key
      where st.entered_day is not null
    )
    select key, min(name) as name, min(position)::int as position,
      count(*)::int as entered,
      count(days)::int as completed,
      (percentile_cont(0.5) within group (order by days))::float8 as median_days,
      (percentile_cont(0.75) within group (order by days))::float8 as p75_days,
      case when count(distinct expected_days) = 1 and count(expected_days) = count(*)
        then min(expected_days) end as expected_days,
      count(*) filter (where days > expected_days)::int as over_expected
    from measured
    group by key
    order by min(position), key`,
  );
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    position: r.position,
    entered: r.entered,
    completed: r.completed,
    conversion: r.entered === 0 ? null : r.completed / r.entered,
    medianDays: r.median_days,
    p75Days: r.p75_days,
    expectedDays: r.expected_days,
    overExpected: r.over_expected,
  }));
}
