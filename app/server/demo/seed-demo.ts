// Seeds the demo (db/seed/demo.ts) into an empty database: the playbook, the team,
// and each account brought to its point in the journey through the real domain code.
import type { Transaction } from "kysely";
import type { Database } from "#db/schema";
import { type AccountSeed, DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_STAFF } from "#db/seed/demo";
import type { Actor } from "~/modules/accounts/access.server";
import { hashPassword } from "~/modules/auth/password.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { createJourney } from "~/modules/journeys/create-journey.server";
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
  await completeDoneMilestones(db, a, accountId, seeded.userIds.get(a.csm)!, startAt);
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
    await completeMilestone(db, actor, m.id, at, { emails: "history" });
  }
}
