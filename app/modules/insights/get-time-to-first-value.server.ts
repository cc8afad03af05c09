// Time to first value (issue 13): days from a journey's start to the completion of its first-value
// milestone, paused days left out, per version and cohort. Journeys not there yet are censored:
// the median and 75th percentile are Kaplan-Meier estimates, null while the curve has not come down far enough.
import { sql } from "kysely";
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import type { InsightsFilter } from "./insights-filter";
import { pausedDays, runInsightsQuery, scopedJourneys } from "./insights-scope.server";

export interface FirstValueRow {
  versionId: string;
  versionNumber: number;
  /** "YYYY-MM", or null for the version's journeys of every cohort together. */
  cohort: string | null;
  journeys: number;
  reached: number;
  /** Censored: counted as "not yet, after this many days" up to the clock. */
  notReached: number;
  medianDays: number | null;
  p75Days: number | null;
}

/** Docs: docs/metrics.md § Time to first value. */
export async function getTimeToFirstValue(
  db: DB,
  actor: Actor,
  filter: InsightsFilter,
  now: Date,
): Promise<FirstValueRow[]> {
  const rows = await runInsightsQuery(
    db,
    sql<{
      version_id: string;
      version_number: number;
      cohort: string | null;
      journeys: number;
      reached: number;
      median_days: number | null;
      p75_days: number | null;
    }>`
    with scoped as (${scopedJourneys(actor, filter, now)}),
    fv_keys as materialized (
      select distinct v.id as version_id, m.value->>'key' as key
      from playbook_versions v
      cross join lateral jsonb_array_elements(v.document->'stages') s(value)
      cross join lateral jsonb_array_elements(s.value->'milestones') m(value)
      where v.id in (select distinct version_id from scoped) and (m.value->>'firstValue')::boolean
    ),
    -- A journey counts when it holds an applicable first-value milestone. Only the steps of a
    -- first-value key are read (one in thirty), the key checked before the journey is joined.
    fv_at as (
      select m.journey_id, min(m.completed_at) filter (where m.status = 'done') as at
      from journey_milestones m
      join scoped sc on sc.journey_id = m.journey_id
      join fv_keys k on k.version_id = sc.version_id and k.key = m.playbook_key
      where m.status <> 'not_applicable' and m.playbook_key = any (array(select key from fv_keys))
      group by m.journey_id
    ),
    fv as (
      select sc.version_id, sc.cohort, sc.start_day, sc.clock_day, sc.paused,
        (f.at at time zone sc.tz)::date as fv_day
      from scoped sc join fv_at f on f.journey_id = sc.journey_id
    ),
    obs as (
      select version_id, cohort, fv_day is not null as reached,
        greatest(0, coalesce(fv_day, clock_day) - start_day
          - ${pausedDays(sql`paused`, sql`start_day`, sql`coalesce(fv_day, clock_day)`)}) as days
      from fv
    ),
    grouped as (
      select o.version_id, g.cohort, o.reached, o.days
      from obs o cross join lateral (values (o.cohort), (null::text)) g(cohort)
    ),
    by_day as (
      select version_id, cohort, days,
        count(*) filter (where reached) as d,
        count(*) as here
      from grouped group by version_id, cohort, days
    ),
    at_risk as (
      select *, sum(here) over (partition by version_id, cohort order by days desc) as n
      from by_day
    ),
    survival as (
      select *,
        bool_or(d = n) over w as hit_zero,
        exp(sum(case when d < n then ln(1 - d::float8 / n) else 0 end) over w) as s
      from at_risk
      window w as (partition by version_id, cohort order by days)
    ),
    km as (
      select version_id, cohort,
        sum(here)::int as journeys, sum(d)::int as reached,
        min(days) filter (where d > 0 and (hit_zero or s <= 0.5 + 1e-9))::float8 as median_days,
        min(days) filter (where d > 0 and (hit_zero or s <= 0.25 + 1e-9))::float8 as p75_days
      from survival group by version_id, cohort
    )
    select km.*, v.number as version_number
    from km join playbook_versions v on v.id = km.version_id
    order by v.number, km.cohort nulls first`,
  );
  return rows.map((r) => ({
    versionId: r.version_id,
    versionNumber: r.version_number,
    cohort: r.cohort,
    journeys: r.journeys,
    reached: r.reached,
    notReached: r.journeys - r.reached,
    medianDays: r.median_days,
    p75Days: r.p75_days,
  }));
}
