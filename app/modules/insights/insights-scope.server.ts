// The journeys every insights figure is computed over, as one SQL fragment: the actor's accounts
// (a CSM only theirs), the filter, and each account's clock and paused days (ADR 024, ADR 039).
import { type RawBuilder, sql } from "kysely";
import { type Actor, seesAllAccounts } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { ForbiddenError } from "~/utils/errors.server";
import type { InsightsFilter } from "./insights-filter";

/** Insights are staff figures: admins and viewers see every account, a CSM their own. */
export function assertMaySeeInsights(actor: Actor): void {
  if (actor.role === "customer") throw new ForbiddenError("Insights are for staff.");
}

/**
 * `with scoped as (...)` body: one row per journey in scope, with
 * - `start_day`: the journey's start date; `today`: now in the account's timezone;
 * - `clock_day`: the day the figures are read at: today, or the day the current pause began
 *   (the plan's clock stands still while paused, as on the account page);
 * - `paused`: a datemultirange of the account's paused days, from its status_changed events,
 *   each pause [day paused, day resumed), so a pause counts whole days as on_hold_days does.
 */
export function scopedJourneys(actor: Actor, filter: InsightsFilter, now: Date): RawBuilder<unknown> {
  assertMaySeeInsights(actor);
  const where: RawBuilder<unknown>[] = [sql`a.archived_at is null`];
  if (!seesAllAccounts(actor)) where.push(sql`a.csm_id = ${actor.id}`);
  if (actor.accountId) where.push(sql`a.id = ${actor.accountId}`);
  if (filter.playbookId) where.push(sql`j.playbook_id = ${filter.playbookId}`);
  if (filter.versionId) where.push(sql`j.playbook_version_id = ${filter.versionId}`);
  if (filter.csmId) where.push(sql`a.csm_id = ${filter.csmId}`);
  if (filter.segment) where.push(sql`a.segment = ${filter.segment}`);
  if (filter.cohort) {
    where.push(sql`j.started_on >= ${`${filter.cohort}-01`}::date
      and j.started_on < ${`${filter.cohort}-01`}::date + interval '1 month'`);
  }
  if (filter.periodTo) where.push(sql`j.started_on <= ${filter.periodTo}::date`);
  if (filter.periodFrom) {
    where.push(
      sql`(j.completed_at is null or (j.completed_at at time zone a.timezone)::date >= ${filter.periodFrom}::date)`,
    );
  }
  return journeyClocks(where, now);
}

/**
 * The formulas of the kept rows. Raise it in any change to what bottleneckStepRows or delayRows
 * compute (or to VENDOR_ROLES): rows kept by another count as not kept, and the refresh replaces them.
 */
export const KEPT_FORMULA = 1;

/**
 * The CTEs `scoped`, `fresh` and `live` of a figure that keeps per-journey rows (ADR 044):
 * `fresh` is the journeys in scope whose kept rows are current (marked at today's clock day and
 * not dropped by a write since), `live` the others, with scopedJourneys' columns, whose rows the
 * figure computes from the steps now. Kept and computed rows are the same SQL's, so which journeys
 * are fresh changes only the time the figure takes.
 */
export function keptScope(actor: Actor, filter: InsightsFilter, now: Date): RawBuilder<unknown> {
  return sql`scoped as (${scopedJourneys(actor, filter, now)}),
    fresh as (
      select sc.journey_id from scoped sc
      join insight_fresh f on f.journey_id = sc.journey_id and f.clock_day = sc.clock_day
        and f.formula = ${KEPT_FORMULA}
    ),
    live as materialized (select sc.* from scoped sc where sc.journey_id not in (select journey_id from fresh))`;
}

/**
 * The columns of scopedJourneys for the journeys that pass `where` (over `j` journeys and
 * `a` accounts), whoever asks: the portfolio reads its accounts' clocks through the same SQL.
 */
export function journeyClocks(where: RawBuilder<unknown>[], now: Date): RawBuilder<unknown> {
  return sql`
    select j.id as journey_id, a.id as account_id, a.name as account_name, a.timezone as tz, a.status,
      a.csm_id, a.archived_at is not null as archived, j.playbook_id, j.playbook_version_id as version_id, j.started_on as start_day,
      j.completed_at, j.current_stage_position,
      to_char(j.started_on, 'YYYY-MM') as cohort,
      (${now}::timestamptz at time zone a.timezone)::date as today,
      case when a.status = 'paused' and a.paused_at is not null
        then least((${now}::timestamptz at time zone a.timezone)::date, (a.paused_at at time zone a.timezone)::date)
        else (${now}::timestamptz at time zone a.timezone)::date end as clock_day,
      coalesce(p.paused, '{}'::datemultirange) as paused
    from journeys j
    join accounts a on a.id = j.account_id
    left join (
      select x.account_id, range_agg(daterange(x.day, x.next_day)) as paused
      from (
        select e.account_id, e.data->>'to' as to_status, (e.at at time zone pa.timezone)::date as day,
          lead((e.at at time zone pa.timezone)::date) over (partition by e.account_id order by e.at, e.id) as next_day
        from account_events e join accounts pa on pa.id = e.account_id
        where e.kind = 'status_changed'
      ) x
      where x.to_status = 'paused'
      group by x.account_id
    ) p on p.account_id = a.id
    where ${sql.join(where, sql` and `)}`;
}

/** Whole paused days of `paused` (a datemultirange) in [low, high); none when high is not after low. */
export function pausedDays(paused: RawBuilder<unknown>, low: RawBuilder<unknown>, high: RawBuilder<unknown>) {
  return sql<number>`(case when isempty(${paused}) then 0 else (select coalesce(sum(upper(r) - lower(r)), 0)::int
    from unnest(${paused} * datemultirange(daterange(${low}, greatest(${low}, ${high})))) r) end)`;
}

/**
 * Runs one insights query with JIT compilation off: on these short scans Postgres' JIT spent
 * seconds compiling what runs in milliseconds (ADR 039). `set local` ends with the transaction.
 */
export async function runInsightsQuery<R>(
  db: DB,
  query: RawBuilder<R>,
  opts: { indexLookupsCheap?: boolean } = {},
): Promise<R[]> {
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    // The figures sort and hash a few hundred thousand rows; more memory keeps them off disk.
    await sql`set local work_mem = '32MB'`.execute(trx);
    // With `indexLookupsCheap`, a random page costs what it does when the tables are in memory, so a
    // small scope (one CSM's accounts) looks its steps up by index rather than scanning them all,
    // while the whole book still scans (ADR 041).
    if (opts.indexLookupsCheap) await sql`set local random_page_cost = 1.1`.execute(trx);
    return (await query.execute(trx)).rows;
  });
}

/** Stage rows of the versions in `scoped`: key, position, expected days (null when unset). */
export const versionStages = sql`
  select v.id as version_id, v.number as version_number, (s.ord - 1)::int as idx, s.value->>'key' as key,
    s.value->>'name' as name, (s.value->>'expectedDays')::int as expected_days
  from playbook_versions v
  cross join lateral jsonb_array_elements(v.document->'stages') with ordinality as s(value, ord)
  where v.id in (select distinct version_id from scoped)`;

/**
 * `percentile_cont` per group from counted values, without sorting every row: `from` gives rows of
 * `grp` (the group), `v` (a value, not null) and `n` (how many times it occurs; a value may come in
 * several rows, whose counts add up).
 * The answer is percentile_cont's own, exactly: with N rows in the group and rank r = p (N − 1),
 * lo and hi the values at 0-based ranks floor(r) and ceil(r), it is lo + (r − floor(r)) (hi − lo).
 * Gives `grp` and one float8 column per entry of `ps` (column name → fraction).
 */
export function percentilesFromCounts(from: RawBuilder<unknown>, ps: Record<string, number>): RawBuilder<unknown> {
  const parts = Object.entries(ps).map(([name, p]) => {
    const r = sql`${sql.lit(p)}::float8 * (total - 1)`;
    const lo = sql`min(v) filter (where upto > floor(${r}))::float8`;
    const hi = sql`min(v) filter (where upto > ceil(${r}))::float8`;
    return sql`${lo} + (max(${r} - floor(${r})) * (${hi} - ${lo})) as ${sql.ref(name)}`;
  });
  return sql`
    select grp, ${sql.join(parts)}
    from (
      select grp, v, (sum(n) over (partition by grp order by v))::float8 as upto,
        (sum(n) over (partition by grp))::float8 as total
      from (${from}) counted
    ) ranked
    group by grp`;
}
