// A CSM's portfolio: one row per account with stage, progress, overdue count,
// days in stage and next due milestone, in one set-based query.
import { sql } from "kysely";
import type { AccountStatus } from "#db/schema";
import { type Actor, seesAllAccounts } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { type PortfolioSort, type PortfolioStatus, STUCK_AFTER_DAYS } from "./portfolio-query";

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
  stuck: boolean;
  needsAttention: boolean;
  status: AccountStatus;
  archived: boolean;
}

export interface PortfolioQuery {
  sort?: PortfolioSort;
  dir?: "asc" | "desc";
  stage?: string;
  attention?: boolean;
  status?: PortfolioStatus;
}

const ORDER: Record<PortfolioSort, string> = {
  name: "lower(name)",
  stage: "stage_position",
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
  stuck: boolean;
  status: AccountStatus;
  archived: boolean;
}

export async function getPortfolio(db: DB, actor: Actor, query: PortfolioQuery, now: Date): Promise<PortfolioRow[]> {
  if (actor.role === "customer") return [];
  const { rows } = await sql<PortfolioSqlRow>`
    with base as (${journeysInScope(actor, now, query.status ?? "open")}),
    figures as (${currentStageFigures()}),
    rows as (${withProgressAndStuck(now)})
    select account_id, name, csm_name, stage_name, stage_position, progress_percent, overdue,
      days_in_stage, next_due_title, next_due_on, stuck, status, archived
    from rows
    where true ${filters(query)}
    order by ${orderBy(query)}`.execute(db);
  return rows.map(toPortfolioRow);
}

/** One row per journey the actor may see (an admin all, a CSM their own), with "today" in the account's timezone. */
function journeysInScope(actor: Actor, now: Date, status: PortfolioStatus) {
  const scope = seesAllAccounts(actor) ? sql`true` : sql`a.csm_id = ${actor.id}`;
  return sql`
    select a.id as account_id, a.name, a.timezone, csm.name as csm_name, j.id as journey_id,
      a.status, a.archived_at is not null as archived,
      j.current_stage_position, j.completed_at, j.started_on,
      (${now}::timestamptz at time zone a.timezone)::date as today
    from accounts a
    join journeys j on j.account_id = a.id
    left join users csm on csm.id = a.csm_id
    where ${scope} and ${statusFilter(status)}`;
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
      (b.today - coalesce((s.entered_at at time zone b.timezone)::date, b.started_on)) as days_in_stage,
      agg.total, agg.done, agg.overdue, agg.last_completed_at,
      nxt.title as next_due_title, nxt.due_on as next_due_on
    from base b
    join journey_stages s on s.journey_id = b.journey_id and s.position = b.current_stage_position
    cross join lateral (
      select count(*)::int as total,
        count(*) filter (where m.status <> 'open')::int as done, -- not applicable counts as closed
        -- Overdue: the rule of dueState in app/utils/dates.ts; optional steps never are.
        count(*) filter (where m.status = 'open' and m.required and m.due_on < b.today
                         and ms.position <= b.current_stage_position)::int as overdue,
        max(m.completed_at) as last_completed_at
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

/** Stuck: an unfinished journey, older than the threshold, with no completion within it. */
function withProgressAndStuck(now: Date) {
  return sql`
    select *,
      case when total = 0 then 0 else round(done * 100.0 / total)::int end as progress_percent,
      (completed_at is null
        and today - started_on > ${STUCK_AFTER_DAYS}
        and coalesce(last_completed_at, '-infinity') < ${now}::timestamptz - make_interval(days => ${STUCK_AFTER_DAYS})
      ) as stuck
    from figures`;
}

function filters(query: PortfolioQuery) {
  const stage = query.stage ? sql`and stage_name = ${query.stage}` : sql``;
  const attention = query.attention ? sql`and (overdue > 0 or stuck)` : sql``;
  return sql`${stage} ${attention}`;
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
    stuck: r.stuck,
    needsAttention: r.overdue > 0 || r.stuck,
    status: r.status,
    archived: r.archived,
  };
}
