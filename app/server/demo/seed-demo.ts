// Seeds the demo (db/seed/demo.ts) into an empty database: the playbook, the team,
// and each account brought to its point in the journey through the real domain code.
import type { Transaction } from "kysely";
import type { Database } from "#db/schema";
import {
  type AccountSeed,
  DEMO_ACCOUNTS,
  DEMO_COMMENTS,
  DEMO_PASSWORD,
  DEMO_STAFF,
  FIRST_SUCCESS_STEP,
  type GoalSeed,
} from "#db/seed/demo";
import type { Actor } from "~/modules/accounts/access.server";
import { hashPassword } from "~/modules/auth/password.server";
import { createGoal, linkGoalStep, updateGoal } from "~/modules/goals/save-goal.server";
import { addMilestoneComment } from "~/modules/journeys/add-milestone-comment.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { createJourney } from "~/modules/journeys/create-journey.server";
import { isLowAnswer } from "~/modules/pulse/pulse-rules";
import { addDays, todayIn } from "~/utils/dates";
import type { DB } from "~/utils/db.server";
import { demoPlaybook, seedPlaybook } from "./seed-playbook";

/** What every account's seeding needs from the steps before it. */
interface Seeded {
  playbookId: string;
  passwordHash: string;
  /** User ids by email, staff first, then each account's contacts as they are added. */
  userIds: Map<string, string>;
  today: string;
}

export async function seedDemo(db: DB, now: Date): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userIds = new Map<string, string>();
  const playbookId = await db.transaction().execute(async (trx) => {
    const id = await seedPlaybook(trx, demoPlaybook(), now);
    await seedStaff(trx, passwordHash, userIds);
    return id;
  });
  const seeded: Seeded = { playbookId, passwordHash, userIds, today: todayIn("UTC", now) };
  for (const account of DEMO_ACCOUNTS) await seedAccount(db, account, seeded);
  await seedComments(db, seeded, now);
}

/** A short exchange between a customer and their CSM, as history: it queues no emails. */
async function seedComments(db: DB, seeded: Seeded, now: Date): Promise<void> {
  for (const c of DEMO_COMMENTS) {
    const step = await db
      .selectFrom("journey_milestones as m")
      .innerJoin("journeys as j", "j.id", "m.journey_id")
      .innerJoin("accounts as a", "a.id", "j.account_id")
      .select(["m.id", "a.id as account_id"])
      .where("a.name", "=", c.account)
      .where("m.title", "=", c.step)
      .executeTakeFirstOrThrow();
    const authorId = seeded.userIds.get(c.author)!;
    const customer = DEMO_STAFF.every((s) => s.email !== c.author);
    const actor: Actor = customer
      ? { id: authorId, role: "customer", accountId: step.account_id }
      : { id: authorId, role: "csm", accountId: null };
    const at = new Date(now.getTime() - c.hoursAgo * 3_600_000);
    await addMilestoneComment(db, actor, step.id, c.body, at, { notices: "history" });
  }
}

async function seedStaff(
  trx: Transaction<Database>,
  passwordHash: string,
  userIds: Map<string, string>,
): Promise<void> {
  for (const s of DEMO_STAFF) {
    const row = await trx
      .insertInto("users")
      .values({
        email: s.email,
        name: s.name,
        role: s.role,
        team_function: s.fn,
        job_title: s.title,
        password_hash: s.login ? passwordHash : null,
        timezone: "Europe/London",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    userIds.set(s.email, row.id);
  }
}

async function seedAccount(db: DB, a: AccountSeed, seeded: Seeded): Promise<void> {
  const startedOn = addDays(seeded.today, -a.startedDaysAgo);
  const startAt = new Date(`${startedOn}T09:00:00Z`);
  const accountId = await db
    .transaction()
    .execute((trx) => startAccountJourney(trx, a, seeded, { startedOn, startAt }));
  // The second contact owns the technical steps, as an IT admin would.
  await giveTechnicalSteps(db, accountId, seeded.userIds.get(a.contacts[1].email)!);
  const csm: Actor = { id: seeded.userIds.get(a.csm)!, role: "csm", accountId: null };
  const finishGoals = await seedGoals(db, a, accountId, csm, startAt);
  await completeDoneMilestones(db, a, accountId, csm.id, startAt);
  await finishGoals();
  await seedPulseAnswers(db, a, accountId, seeded, startAt);
}

const dayOf = (startAt: Date, day: number, hours: number) =>
  new Date(startAt.getTime() + day * 86_400_000 + hours * 3_600_000);

/**
 * The account's goals, set by its CSM on day 0 through the real commands, the linked one tied to the
 * first-success step (whose completion, seeded after, records its result). Returns the step that
 * records the other results on their days, once the journey's history is written.
 */
async function seedGoals(
  db: DB,
  a: AccountSeed,
  accountId: string,
  csm: Actor,
  startAt: Date,
): Promise<() => Promise<void>> {
  const later: { goalId: string; goal: GoalSeed }[] = [];
  for (const goal of a.goals) {
    const over = goal.resultDay !== undefined;
    const fields = {
      title: goal.title,
      measure: goal.measure,
      targetOn: addDays(todayIn("UTC", startAt), goal.targetDay),
      status: over ? ("on_track" as const) : goal.status,
      result: null,
    };
    const { goalId } = await createGoal(db, csm, { accountId, ...fields }, dayOf(startAt, 0, 3));
    if (goal.linked) {
      const step = await db
        .selectFrom("journey_milestones as m")
        .innerJoin("journeys as j", "j.id", "m.journey_id")
        .select("m.id")
        .where("j.account_id", "=", accountId)
        .where("m.title", "=", FIRST_SUCCESS_STEP)
        .executeTakeFirstOrThrow();
      await linkGoalStep(db, csm, { accountId, goalId, milestoneId: step.id }, dayOf(startAt, 0, 4));
    }
    if (over) later.push({ goalId, goal });
  }
  return async () => {
    for (const { goalId, goal } of later) {
      await updateGoal(
        db,
        csm,
        {
          accountId,
          goalId,
          title: goal.title,
          measure: goal.measure,
          targetOn: addDays(todayIn("UTC", startAt), goal.targetDay),
          status: goal.status,
          result: goal.result ?? null,
        },
        dayOf(startAt, goal.resultDay ?? 0, 6),
      );
    }
  };
}

/** Survey answers from the past, as the customers gave them; a low one has told the CSM. */
async function seedPulseAnswers(db: DB, a: AccountSeed, accountId: string, seeded: Seeded, startAt: Date) {
  for (const p of a.pulse ?? []) {
    const at = new Date(startAt.getTime() + p.day * 86_400_000);
    const stage = await db
      .selectFrom("journey_stages as s")
      .innerJoin("journeys as j", "j.id", "s.journey_id")
      .select(["s.id", "s.journey_id"])
      .where("j.account_id", "=", accountId)
      .where("s.name", "=", p.stage)
      .executeTakeFirstOrThrow();
    await db
      .insertInto("pulse_answers")
      .values({
        journey_id: stage.journey_id,
        stage_id: stage.id,
        user_id: seeded.userIds.get(p.email)!,
        question: p.question,
        score: p.score,
        feeling: p.feeling,
        comment: p.comment,
        answered_at: at,
        alerted_at: isLowAnswer(p.question, p.score) ? at : null,
      })
      .execute();
  }
}

/** The account, its contacts (the first is the primary contact) and its journey, in one transaction. */
async function startAccountJourney(
  trx: Transaction<Database>,
  a: AccountSeed,
  seeded: Seeded,
  start: { startedOn: string; startAt: Date },
): Promise<string> {
  const account = await trx
    .insertInto("accounts")
    .values({ name: a.name, csm_id: seeded.userIds.get(a.csm)!, started_on: start.startedOn, timezone: a.timezone })
    .returning("id")
    .executeTakeFirstOrThrow();
  let primaryContactId: string | undefined;
  for (const c of a.contacts) {
    const row = await trx
      .insertInto("users")
      .values({
        email: c.email,
        name: c.name,
        role: "customer",
        job_title: c.title,
        account_id: account.id,
        password_hash: seeded.passwordHash,
        timezone: a.timezone,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    seeded.userIds.set(c.email, row.id);
    primaryContactId ??= row.id;
  }
  const journey = {
    accountId: account.id,
    playbookId: seeded.playbookId,
    startedOn: start.startedOn,
    primaryContactId,
  };
  await createJourney(trx, journey, start.startAt);
  return account.id;
}

async function giveTechnicalSteps(db: DB, accountId: string, ownerId: string): Promise<void> {
  await db
    .updateTable("journey_milestones")
    .set({ owner_user_id: ownerId })
    .where("owner_side", "=", "customer")
    .where("title", "in", ["Set up your account and single sign-on", "Connect your data sources"])
    .where("journey_id", "=", (eb) => eb.selectFrom("journeys").select("id").where("account_id", "=", accountId))
    .execute();
}

/** Completes the account's done milestones in order, each by its owner on its day, so the journey advances as it would have. */
async function completeDoneMilestones(
  db: DB,
  a: AccountSeed,
  accountId: string,
  csmId: string,
  startAt: Date,
): Promise<void> {
  const milestones = await db
    .selectFrom("journey_milestones as m")
    .innerJoin("journeys as j", "j.id", "m.journey_id")
    .select(["m.id", "m.title", "m.owner_user_id", "m.owner_side"])
    .where("j.account_id", "=", accountId)
    .execute();
  for (const [title, day] of a.done) {
    const m = milestones.find((x) => x.title === title);
    if (!m) throw new Error(`Demo milestone "${title}" is not in the playbook`);
    const actor: Actor =
      m.owner_side === "customer"
        ? { id: m.owner_user_id ?? csmId, role: "customer", accountId }
        : { id: csmId, role: "csm", accountId: null };
    const at = new Date(startAt.getTime() + day * 86_400_000 + 5 * 3_600_000);
    // The stage emails of the past are history for /csm/outbox: written kept, in
    // the completion's own transaction, so no worker with a provider sends them.
    // The first-success step records the linked goal's result, as its form asks.
    const goalResult = title === FIRST_SUCCESS_STEP ? (a.goals.find((g) => g.linked)?.result ?? null) : null;
    await completeMilestone(db, actor, m.id, at, { emails: "history", goalResult });
  }
}
