// A CSM's portfolio: one row per account with stage, health, progress, overdue count,
// days in stage and next due milestone, in one set-based query.
import { sql } from "kysely";
import type { AccountStatus } from "#db/schema";
import { type Actor, seesAllAccounts } from "~/modules/accounts/access.server";
import { runningJourneyHealth } from "~/modules/insights/get-account-health.server";
import type { Health } from "~/modules/insights/health-rule";
import { journeyClocks, versionStages } from "~/modules/insights/insights-scope.server";
import type { DB } from "~/utils/db.server";
import { prepared } from "~/utils/prepared.server";
import type { PortfolioHealthFilter, PortfolioSort, PortfolioStatus } from "./portfolio-query";

export interface PortfolioRow {
  accountId: string;
  name: string;
  csmName: string | null;
  stageName: string;
  stagePosition: number;
  progressPercent: number;
  overdue: number;
  daysInStage: number;
  nextDueTitle: string | null;
  nextDueOn: string | null;
  /**
   * On track, Behind or Stuck by the insights rule (health-rule.ts), read from the same SQL as
   * /insights; null for a journey that is not running (finished, churned, archived).
   */
  health: Health | null;
  status: AccountStatus;
  archived: boolean;
}

export interface PortfolioQuery {
  sort?: PortfolioSort;
  dir?: "asc" | "desc";
  stage?: string;
  health?: PortfolioHealthFilter;
  status?: PortfolioStatus;
}

const ORDER: Record<PortfolioSort, string> = {
  name: "lower(name)",
  stage: "stage_position",
  // Worst last when ascending, first when descending; accounts with no health after either.
  health: "case health when 'on_track' then 0 when 'behind' then 1 when 'stuck' then 2 end",
  progress: "progress_percent",
  overdue: "overdue",
  days_in_stage: "days_in_stage",
  next_due: "next_due_on",
  csm: "lower(csm_name)",
};

interface PortfolioSqlRow {
  account_id: string;
  name: string;
  csm_name: string | null;
  stage_name: string;
  stage_position: number;
  progress_percent: number;
  overdue: number;
  days_in_stage: number;
  next_due_title: string | null;
  next_due_on: string | null;
  health: Health | null;
  status: AccountStatus;
  archived: boolean;
}

export async function getPortfolio(db: DB, actor: Actor, query: PortfolioQuery, now: Date): Promise<PortfolioRow[]> {
  if (actor.role === "customer") return [];
  // One statement: the journeys' clocks and health come from the insights' own fragments
  // (journeyClocks, runningJourneyHealth), so the two pages say the same word for an account.
  const { rows } = await sql<PortfolioSqlRow>`
    with scoped as (${journeyClocks([scopeOf(actor), statusFilter(query.status ?? "open")], now)}),
    vstages as (${versionStages}),
    running as (${runningJourneyHealth}),
    base as (${journeysInScope()}),
    figures as (${currentStageFigures()}),
    rows as (${withProgress()})
    select account_id, name, csm_name, stage_name, stage_position, progress_percent, overdue,
      days_in_stage, next_due_title, next_due_on, health, status, archived
    from rows
    where true ${filters(query)}
    order by ${orderBy(query)} ${asFirstOpened(query) ? prepared : sql``}`.execute(db);
  return rows.map(toPortfolioRow);
}

/**
 * The portfolio as it first opens (no filter, the default order): the view asked for far more than
 * any other, and one fixed text per scope, so it runs as a prepared statement (ADR 019). A sorted or
 * filtered view has its own text for each choice (hundreds in all) and is planned each time.
 */
function asFirstOpened(query: PortfolioQuery): boolean {
  return (
    (query.sort ?? "name") === "name" &&
    (query.dir ?? "asc") === "asc" &&
    (query.status ?? "open") === "open" &&
    !query.stage &&
    !query.health
  );
}

/** An admin or viewer sees every account, a CSM their own. */
function scopeOf(actor: Actor) {
  return seesAllAccounts(actor) ? sql`true` : sql`a.csm_id = ${actor.id}`;
}

/**
 * One row per journey in scope with "today" in the account's timezone and its health. An archived
 * account has none: like /insights, health is for the accounts being worked on.
 */
function journeysInScope() {
  return sql`
    select sc.account_id, sc.account_name as name, sc.tz as timezone, csm.name as csm_name, sc.journey_id,
      sc.status, sc.archived, sc.current_stage_position, sc.completed_at, sc.start_day as started_on, sc.today,
      case when sc.archived then null else h.health end as health,
      h.days_in_stage as running_days_in_stage
    from scoped sc
    left join users csm on csm.id = sc.csm_id
    left join running h on h.journey_id = sc.journey_id`;
}

function statusFilter(status: PortfolioStatus) {
  if (status === "archived") return sql`a.archived_at is not null`;
  const live = sql`a.archived_at is null`;
  if (status === "all") return live;
  if (status === "open") return sql`${live} and a.status in ('active', 'paused')`;
  return sql`${live} and a.status = ${status}`;
}

/** The current stage, milestone counts, and the next open milestone of a reached stage. */
function currentStageFigures() {
  return sql`
    select b.*, s.name as stage_name, s.position as stage_position,
      -- A running journey counts as its health does, paused days left out; others by the calendar.
      coalesce(b.running_days_in_stage,
        b.today - coalesce((s.entered_at at time zone b.timezone)::date, b.started_on)) as days_in_stage,
      agg.total, agg.done, agg.overdue,
      nxt.title as next_due_title, nxt.due_on as next_due_on
    from base b
    join journey_stages s on s.journey_id = b.journey_id and s.position = b.current_stage_position
    cross join lateral (
      select count(*)::int as total,
        count(*) filter (where m.status <> 'open')::int as done, -- not applicable counts as closed
        -- Overdue: the rule of dueState in app/utils/dates.ts; optional steps never are.
        count(*) filter (where m.status = 'open' and m.required and m.due_on < b.today
                         and ms.position <= b.current_stage_position)::int as overdue
      from journey_milestones m join journey_stages ms on ms.id = m.stage_id
      where m.journey_id = b.journey_id
    ) agg
    left join lateral (
      select m.title, m.due_on from journey_milestones m
      join journey_stages ms on ms.id = m.stage_id
      where m.journey_id = b.journey_id and m.status = 'open'
        and ms.position <= b.current_stage_position
      order by m.due_on, ms.position, m.position limit 1
    ) nxt on true`;
}

function withProgress() {
  return sql`
    select *, case when total = 0 then 0 else round(done * 100.0 / total)::int end as progress_percent
    from figures`;
}

function filters(query: PortfolioQuery) {
  const stage = query.stage ? sql`and stage_name = ${query.stage}` : sql``;
  const health =
    query.health === undefined
      ? sql``
      : query.health === "behind_or_stuck"
        ? sql`and health in ('behind', 'stuck')`
        : sql`and health = ${query.health}`;
  return sql`${stage} ${health}`;
}

/** Empty values sort last either way; ties fall back to the name. */
function orderBy(query: PortfolioQuery) {
  return sql.raw(`${ORDER[query.sort ?? "name"]} ${query.dir === "desc" ? "desc" : "asc"} nulls last, lower(name) asc`);
}

function toPortfolioRow(r: PortfolioSqlRow): PortfolioRow {
  return {
    accountId: r.account_id,
    name: r.name,
    csmName: r.csm_name,
    stageName: r.stage_name,
    stagePosition: r.stage_position,
    progressPercent: r.progress_percent,
    overdue: r.overdue,
    daysInStage: r.days_in_stage,
    nextDueTitle: r.next_due_title,
    nextDueOn: r.next_due_on,
    health: r.health,
    status: r.status,
    archived: r.archived,
  };
}
