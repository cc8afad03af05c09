// An account's history, newest first: every milestone event, stage entry,
// account event and goal event with who did it and when. Scoped to what the actor may see.
import { type RawBuilder, sql } from "kysely";
import type { AccountEventKind, GoalEventKind, MilestoneEventKind } from "#db/schema";
import { type Actor, isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { prepared } from "~/utils/prepared.server";
import { journeyInScope } from "./journey-in-scope";

export interface TimelineEntry {
  id: string;
  at: string;
  kind:
    | MilestoneEventKind
    | "stage_entered"
    // A customer's survey answer (data: question, score, feeling, comment, changed).
    | "pulse_answered"
    // What happened to the account as a whole (account_events), prefixed so the kinds never clash.
    | `account_${AccountEventKind}`
    // A change to one of the account's goals (goal_events); data.title names the goal.
    | `goal_${GoalEventKind}`;
  actorName: string | null;
  milestoneTitle: string | null;
  stageName: string | null;
  data: Record<string, unknown>;
}

/** The newest `limit` entries; `null` reads them all. */
/** A timeline row as SQL gives it; `at` is a Date from a query, a string inside JSON. */
interface TimelineRow {
  id: string;
  at: Date | string;
  kind: TimelineEntry["kind"];
  actor_name: string | null;
  milestone_title: string | null;
  stage_name: string | null;
  data: Record<string, unknown>;
}

export async function getTimeline(
  db: DB,
  actor: Actor,
  accountId: string,
  limit: number | null = 100,
): Promise<TimelineEntry[]> {
  if (!isUuid(accountId)) return [];
  // Scoped: the subquery finds the journey only within the actor's accounts.
  const journey = sql<string>`(${journeyInScope(db, actor, accountId)})`;
  const { rows } = await sql<TimelineRow>`${timelineRows(journey, accountId, actor.role, limit)} ${prepared}`.execute(
    db,
  );
  return rows.map(timelineEntry);
}

/**
 * The timeline as JSON, to read inside a larger statement that has already found the journey
 * within the actor's scope (the account page's one statement, ADR 019); `timelineFromJson` reads it.
 */
export function timelineJson(
  journeyId: RawBuilder<string>,
  accountId: string,
  role: Actor["role"],
  limit: number | null,
): RawBuilder<TimelineRow[]> {
  return sql<TimelineRow[]>`(select coalesce(json_agg(t order by t.at desc, t.id desc), '[]'::json)
    from (${timelineRows(journeyId, accountId, role, limit)}) t)`;
}

export function timelineFromJson(rows: TimelineRow[]): TimelineEntry[] {
  return rows.map(timelineEntry);
}

/** Every entry of the journey `journey` (an SQL expression; null finds nothing), newest first. */
function timelineRows(journey: RawBuilder<string>, accountId: string, role: Actor["role"], limit: number | null) {
  return sql`
    select 'e' || e.id as id, e.at, e.kind, u.name as actor_name, m.title as milestone_title,
           null::text as stage_name, e.data
    from milestone_events e
    join journey_milestones m on m.id = e.milestone_id
    left join users u on u.id = e.actor_id
    where e.journey_id = ${journey}
      ${role === "customer" ? sql`and m.visibility = 'customer'` : sql``}
    union all
    select 't' || t.id, t.entered_at, 'stage_entered', null, null, s.name, '{}'::jsonb
    from stage_transitions t
    join journey_stages s on s.id = t.stage_id
    where t.journey_id = ${journey}
    union all
    select 'p' || p.id, coalesce(p.changed_at, p.answered_at), 'pulse_answered', u.name, null, s.name,
      jsonb_build_object('question', p.question, 'score', p.score, 'feeling', p.feeling, 'comment', p.comment,
        'changed', p.changed_at is not null)
    from pulse_answers p
    join journey_stages s on s.id = p.stage_id
    join users u on u.id = p.user_id
    where p.journey_id = ${journey}
    union all
    select 'a' || ae.id, ae.at, 'account_' || ae.kind, u.name, null, null, ae.data
    from account_events ae
    left join users u on u.id = ae.actor_id
    -- Only when the journey was found: outside the actor's scope there is none.
    where ae.account_id = ${accountId} and ${journey} is not null
    union all
    select 'g' || ge.id, ge.at, 'goal_' || ge.kind, u.name, null, null, ge.data
    from goal_events ge
    left join users u on u.id = ge.actor_id
    where ge.account_id = ${accountId} and ${journey} is not null
    order by at desc, id desc
    ${limit === null ? sql`` : sql`limit ${limit}`}`;
}

function timelineEntry(r: TimelineRow): TimelineEntry {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    actorName: r.actor_name,
    milestoneTitle: r.milestone_title,
    stageName: r.stage_name,
    data: r.data,
  };
}
