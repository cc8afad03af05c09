// What the goals page and the journey pages read about an account's success
// goals: each goal with who recorded its result and the steps linked to it.
// Scoped to the accounts the actor may see.
import { type RawBuilder, sql } from "kysely";
import type { GoalStatus } from "#db/schema";
import { type Actor, accountScope, isUuid } from "~/modules/accounts/access.server";
import {
  type CommentView,
  commentsJson,
  commentViews,
  type Mentionable,
  mentionableJson,
} from "~/modules/comments/comments-json";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";

export interface GoalView {
  id: string;
  title: string;
  measure: string;
  targetOn: string;
  status: GoalStatus;
  result: string | null;
  resultAt: string | null;
  resultByName: string | null;
  /** The journey steps that reach this goal when done. */
  steps: { id: string; title: string; status: string }[];
  /** What the customer and staff said about it, oldest first (the latest 50). */
  comments: CommentView[];
}

/** Goals as the statement sends them, in JSON. */
interface GoalRow {
  id: string;
  title: string;
  measure: string;
  target_on: string;
  status: GoalStatus;
  result: string | null;
  result_at: string | null;
  result_by_name: string | null;
  steps: GoalView["steps"];
  comments: CommentView[];
}

/**
 * The account's goals as one JSON value, for a statement that has already
 * scoped the account (`accountId` is a column reference or a bound value):
 * the journey pages fold it into their one statement.
 */
export function goalsJson(accountId: RawBuilder<unknown>): RawBuilder<GoalRow[]> {
  return sql<GoalRow[]>`(
    select coalesce(json_agg(json_build_object(
             'id', g.id, 'title', g.title, 'measure', g.measure, 'target_on', g.target_on,
             'status', g.status, 'result', g.result, 'result_at', g.result_at,
             'result_by_name', rb.name,
             'steps', (
               select coalesce(json_agg(json_build_object('id', gm.id, 'title', gm.title, 'status', gm.status)
                        order by gm.due_on, gm.position), '[]'::json)
               from journey_milestones gm where gm.goal_id = g.id),
             'comments', ${commentsJson(sql`c0.goal_id = g.id`)}
           ) order by g.target_on, g.created_at, g.id), '[]'::json)
    from account_goals g
    left join users rb on rb.id = g.result_by
    where g.account_id = ${accountId})`;
}

export function goalView(g: GoalRow): GoalView {
  return {
    id: g.id,
    title: g.title,
    measure: g.measure,
    targetOn: g.target_on,
    status: g.status,
    result: g.result,
    resultAt: g.result_at === null ? null : new Date(g.result_at).toISOString(),
    resultByName: g.result_by_name,
    steps: g.steps,
    comments: commentViews(g.comments),
  };
}

export interface GoalsPage {
  account: { id: string; name: string };
  goals: GoalView[];
  /** Who comments on the goals may mention. */
  mentionable: Mentionable[];
  /** The account's journey steps, for linking a goal to the step that reaches it. */
  steps: { id: string; title: string; stageName: string; goalId: string | null }[];
}

/** The staff's goals page for one account: 404 for a customer or an account outside the actor's scope. */
export async function getGoalsPage(db: DB, actor: Actor, accountId: string): Promise<GoalsPage> {
  if (actor.role === "customer" || !isUuid(accountId)) throw new NotFoundError("No such account");
  const row = await db
    .selectFrom("accounts")
    .select([
      "accounts.id",
      "accounts.name",
      goalsJson(sql.ref("accounts.id")).as("goals"),
      mentionableJson().as("mentionable"),
      sql<GoalsPage["steps"]>`(
        select coalesce(json_agg(json_build_object(
                 'id', m.id, 'title', m.title, 'stageName', s.name, 'goalId', m.goal_id
               ) order by s.position, m.position), '[]'::json)
        from journeys j
        join journey_milestones m on m.journey_id = j.id
        join journey_stages s on s.id = m.stage_id
        where j.account_id = accounts.id)`.as("steps"),
    ])
    .where("accounts.id", "=", accountId)
    .where(accountScope(actor))
    .executeTakeFirst();
  if (!row) throw new NotFoundError("No such account");
  return {
    account: { id: row.id, name: row.name },
    goals: row.goals.map(goalView),
    mentionable: row.mentionable,
    steps: row.steps,
  };
}
