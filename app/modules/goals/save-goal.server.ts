// Staff create and change an account's success goals, and link a goal to the
// journey step that reaches it. Each command is one transaction that writes
// the change and its goal events together; a refused input writes nothing.
import type { Transaction } from "kysely";
import type { Database, GoalStatus } from "#db/schema";
import { type Actor, accountScope, assertMayChange, isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { InputError, NotFoundError } from "~/utils/errors.server";
import { type GoalInput, isOver } from "./goal-forms";
import { recordGoalEvent } from "./record-goal-event.server";

type Trx = Transaction<Database>;

/** The account, if the actor is staff who may see it (404 otherwise) and may change it (403 for a viewer). */
async function findAccount(trx: Trx, actor: Actor, accountId: string): Promise<{ id: string }> {
  if (actor.role === "customer" || !isUuid(accountId)) throw new NotFoundError("No such account");
  const a = await trx
    .selectFrom("accounts")
    .select("accounts.id")
    .where("accounts.id", "=", accountId)
    .where(accountScope(actor))
    .executeTakeFirst();
  if (!a) throw new NotFoundError("No such account");
  assertMayChange(actor);
  return a;
}

/** The goal of that account, locked, so two changes to one goal run one after the other. */
async function lockGoal(trx: Trx, accountId: string, goalId: string) {
  if (!isUuid(goalId)) throw new NotFoundError("No such goal");
  const g = await trx
    .selectFrom("account_goals")
    .selectAll()
    .where("id", "=", goalId)
    .where("account_id", "=", accountId)
    .forUpdate()
    .executeTakeFirst();
  if (!g) throw new NotFoundError("No such goal");
  return g;
}

function checkResult(input: Pick<GoalInput, "status" | "result">): void {
  if (input.result !== null && !isOver(input.status)) {
    throw new InputError("Record a result only for a goal that is achieved or missed.", "result");
  }
}

export async function createGoal(
  db: DB,
  actor: Actor,
  input: GoalInput & { accountId: string },
  now: Date,
): Promise<{ goalId: string }> {
  return db.transaction().execute(async (trx) => {
    const account = await findAccount(trx, actor, input.accountId);
    checkResult(input);
    const g = await trx
      .insertInto("account_goals")
      .values({
        account_id: account.id,
        title: input.title,
        measure: input.measure,
        target_on: input.targetOn,
        status: input.status,
        result: input.result,
        result_at: input.result === null ? null : now,
        result_by: input.result === null ? null : actor.id,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const goal = { id: g.id, accountId: account.id, title: input.title };
    await recordGoalEvent(
      trx,
      {
        goal,
        kind: "created",
        actorId: actor.id,
        data: { measure: input.measure, targetOn: input.targetOn, status: input.status },
      },
      now,
    );
    if (input.result !== null) {
      await recordGoalEvent(
        trx,
        { goal, kind: "result_recorded", actorId: actor.id, data: { result: input.result } },
        now,
      );
    }
    return { goalId: g.id };
  });
}

/** What an update changed, in the words the page answers with. */
export type GoalChange = "title" | "measure" | "target date" | "status" | "result";

export async function updateGoal(
  db: DB,
  actor: Actor,
  input: GoalInput & { accountId: string; goalId: string },
  now: Date,
): Promise<{ changed: GoalChange[] }> {
  return db.transaction().execute(async (trx) => {
    const account = await findAccount(trx, actor, input.accountId);
    const g = await lockGoal(trx, account.id, input.goalId);
    checkResult(input);
    const changed: GoalChange[] = [];
    const goal = { id: g.id, accountId: account.id, title: input.title };

    const edits: Record<string, { from: string; to: string }> = {};
    if (g.title !== input.title) edits.title = { from: g.title, to: input.title };
    if (g.measure !== input.measure) edits.measure = { from: g.measure, to: input.measure };
    if (g.target_on !== input.targetOn) edits.targetOn = { from: g.target_on, to: input.targetOn };
    if (Object.keys(edits).length) {
      await recordGoalEvent(trx, { goal, kind: "edited", actorId: actor.id, data: edits }, now);
      if (edits.title) changed.push("title");
      if (edits.measure) changed.push("measure");
      if (edits.targetOn) changed.push("target date");
    }
    if (g.status !== input.status) {
      await recordGoalEvent(
        trx,
        { goal, kind: "status_changed", actorId: actor.id, data: { from: g.status, to: input.status } },
        now,
      );
      changed.push("status");
    }
    const resultChanged = g.result !== input.result;
    if (resultChanged) {
      await recordGoalEvent(
        trx,
        { goal, kind: "result_recorded", actorId: actor.id, data: { result: input.result } },
        now,
      );
      changed.push("result");
    }
    if (changed.length) {
      await trx
        .updateTable("account_goals")
        .set({
          title: input.title,
          measure: input.measure,
          target_on: input.targetOn,
          status: input.status,
          result: input.result,
          ...(resultChanged
            ? { result_at: input.result === null ? null : now, result_by: input.result === null ? null : actor.id }
            : {}),
          updated_at: now,
        })
        .where("id", "=", g.id)
        .execute();
    }
    return { changed };
  });
}

/**
 * Makes `milestoneId` the step of this account's journey that reaches the goal
 * (null: none). The goal keeps one such step: any other step linked to it is
 * unlinked, and a step linked to another goal moves to this one.
 */
export async function linkGoalStep(
  db: DB,
  actor: Actor,
  input: { accountId: string; goalId: string; milestoneId: string | null },
  now: Date,
): Promise<{ stepTitle: string | null }> {
  return db.transaction().execute(async (trx) => {
    const account = await findAccount(trx, actor, input.accountId);
    const g = await lockGoal(trx, account.id, input.goalId);
    const goal = { id: g.id, accountId: account.id, title: g.title };
    let step: { id: string; title: string; goal_id: string | null } | undefined;
    if (input.milestoneId !== null) {
      step = isUuid(input.milestoneId)
        ? await trx
            .selectFrom("journey_milestones as m")
            .innerJoin("journeys as j", "j.id", "m.journey_id")
            .select(["m.id", "m.title", "m.goal_id"])
            .where("m.id", "=", input.milestoneId)
            .where("j.account_id", "=", account.id)
            .executeTakeFirst()
        : undefined;
      if (!step) throw new InputError("Choose a step of this account's journey.", "milestoneId");
    }
    const unlinked = await trx
      .updateTable("journey_milestones")
      .set({ goal_id: null })
      .where("goal_id", "=", g.id)
      .where("id", "!=", step?.id ?? "00000000-0000-0000-0000-000000000000")
      .returning(["id", "title"])
      .execute();
    for (const u of unlinked) {
      await recordGoalEvent(
        trx,
        { goal, kind: "milestone_unlinked", actorId: actor.id, data: { milestoneId: u.id, step: u.title } },
        now,
      );
    }
    if (step && step.goal_id !== g.id) {
      if (step.goal_id !== null) {
        const other = await lockGoal(trx, account.id, step.goal_id);
        await recordGoalEvent(
          trx,
          {
            goal: { id: other.id, accountId: account.id, title: other.title },
            kind: "milestone_unlinked",
            actorId: actor.id,
            data: { milestoneId: step.id, step: step.title },
          },
          now,
        );
      }
      await trx.updateTable("journey_milestones").set({ goal_id: g.id }).where("id", "=", step.id).execute();
      await recordGoalEvent(
        trx,
        { goal, kind: "milestone_linked", actorId: actor.id, data: { milestoneId: step.id, step: step.title } },
        now,
      );
    }
    return { stepTitle: step?.title ?? null };
  });
}

/**
 * Completing a step linked to a goal reaches it: the goal becomes achieved and
 * keeps the result the person gave (an empty answer leaves any earlier result).
 * Runs in the completion's transaction; the step's access was checked there.
 */
export async function achieveLinkedGoal(
  trx: Trx,
  input: { goalId: string; actorId: string; result: string | null; milestone: { id: string; title: string } },
  now: Date,
): Promise<{ goalTitle: string } | null> {
  const g = await trx
    .selectFrom("account_goals")
    .selectAll()
    .where("id", "=", input.goalId)
    .forUpdate()
    .executeTakeFirst();
  if (!g) return null;
  const goal = { id: g.id, accountId: g.account_id, title: g.title };
  const status: GoalStatus = "achieved";
  const newResult = input.result !== null && input.result !== g.result;
  if (g.status === status && !newResult) return { goalTitle: g.title };
  if (g.status !== status) {
    await recordGoalEvent(
      trx,
      {
        goal,
        kind: "status_changed",
        actorId: input.actorId,
        data: { from: g.status, to: status, milestoneId: input.milestone.id, step: input.milestone.title },
      },
      now,
    );
  }
  if (newResult) {
    await recordGoalEvent(
      trx,
      { goal, kind: "result_recorded", actorId: input.actorId, data: { result: input.result } },
      now,
    );
  }
  await trx
    .updateTable("account_goals")
    .set({
      status,
      updated_at: now,
      ...(newResult ? { result: input.result, result_at: now, result_by: input.actorId } : {}),
    })
    .where("id", "=", g.id)
    .execute();
  return { goalTitle: g.title };
}
