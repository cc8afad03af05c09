// Health per account (issue 13): each running journey On track, Behind or Stuck by the one rule
// in health-rule.ts, with the figures that decided it.
import { type RawBuilder, sql } from "kysely";
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { type Health, healthSql } from "./health-rule";
import type { InsightsFilter } from "./insights-filter";
import { journeyClocks, pausedDays, runInsightsQuery, scopedJourneys, versionStages } from "./insights-scope.server";

export interface AccountHealth {
  accountId: string;
  accountName: string;
  /** The current stage's playbook key (`position-N` for a journey from before keys), to lay figures over a map. */
  stageKey: string;
  stageName: string;
  daysInStage: number;
  expectedDays: number | null;
  daysSinceDone: number;
  health: Health;
}

export interface HealthSummary {
  accounts: AccountHealth[];
  counts: Record<Health, number>;
}

/**
 * `running as (...)` body, over the CTEs `scoped` (scopedJourneys or journeyClocks rows) and
 * `vstages` (versionStages): one row per running journey (not finished, account active or paused)
 * with the figures that decide its health, and the health by healthSql. The insights page and the
 * portfolio both read an account's health from this one fragment, so they cannot disagree.
 */
export const runningJourneyHealth: RawBuilder<unknown> = sql`
  select r.*, ${healthSql(sql`r.days_in_stage`, sql`r.expected_days`, sql`r.days_since_done`)} as health
  from (
    select sc.journey_id, sc.account_id, sc.account_name, s.name as stage_name, vs.expected_days,
      coalesce(s.playbook_key, 'position-' || s.position) as stage_key,
      greatest(0, sc.clock_day - entered.day
        - ${pausedDays(sql`sc.paused`, sql`entered.day`, sql`sc.clock_day`)}) as days_in_stage,
      greatest(0, sc.clock_day - coalesce(done.day, sc.start_day)
        - ${pausedDays(sql`sc.paused`, sql`coalesce(done.day, sc.start_day)`, sql`sc.clock_day`)}) as days_since_done
    from scoped sc
    join journey_stages s on s.journey_id = sc.journey_id and s.position = sc.current_stage_position
    left join vstages vs on vs.version_id = sc.version_id and vs.key = s.playbook_key
    cross join lateral (select coalesce((s.entered_at at time zone sc.tz)::date, sc.start_day) as day) entered
    left join lateral (
      select (max(m.completed_at) at time zone sc.tz)::date as day
      from journey_milestones m where m.journey_id = sc.journey_id and m.status = 'done'
    ) done on true
    where sc.completed_at is null and sc.status in ('active', 'paused')
  ) r`;

/** Docs: docs/metrics.md § Health. Journeys of active and paused accounts that have not finished. */
export async function getAccountHealth(
  db: DB,
  actor: Actor,
  filter: InsightsFilter,
  now: Date,
): Promise<HealthSummary> {
  const rows = await runInsightsQuery(
    db,
    sql<{
      account_id: string;
      account_name: string;
      stage_key: string;
      stage_name: string;
      days_in_stage: number;
      expected_days: number | null;
      days_since_done: number;
      health: Health;
    }>`
    with scoped as (${scopedJourneys(actor, filter, now)}),
    vstages as (${versionStages}),
    running as (${runningJourneyHealth})
    select * from running
    order by account_name, account_id`,
  );
  const counts: Record<Health, number> = { on_track: 0, behind: 0, stuck: 0 };
  const accounts = rows.map((r) => {
    counts[r.health]++;
    return {
      accountId: r.account_id,
      accountName: r.account_name,
      stageKey: r.stage_key,
      stageName: r.stage_name,
      daysInStage: r.days_in_stage,
      expectedDays: r.expected_days,
      daysSinceDone: r.days_since_done,
      health: r.health,
    };
  });
  return { accounts, counts };
}

/** One journey's health and the figures that decided it, as a page reads them. */
export type JourneyHealth = Pick<
  AccountHealth,
  "health" | "stageName" | "daysInStage" | "expectedDays" | "daysSinceDone"
>;

/**
 * One journey's health as a JSON value for a statement a page already runs (getJourney's `extra`),
 * read through the same fragments as /insights and the portfolio; null when the journey is not
 * running (finished, or its account churned, completed or archived).
 */
export function journeyHealthJson(journeyId: RawBuilder<string>, now: Date): RawBuilder<JourneyHealth | null> {
  // `target` reads the id in the caller's scope, before journeyClocks binds its own `j` and `a`.
  return sql<JourneyHealth | null>`(
    with target as (select ${journeyId} as journey_id),
    scoped as (${journeyClocks([sql`j.id = (select journey_id from target)`, sql`a.archived_at is null`], now)}),
    vstages as (${versionStages}),
    running as (${runningJourneyHealth})
    select json_build_object('health', health, 'stageName', stage_name, 'daysInStage', days_in_stage,
      'expectedDays', expected_days, 'daysSinceDone', days_since_done)
    from running)`;
}
