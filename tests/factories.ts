// Builders for test data: staff, playbooks, accounts with journeys, sessions.
// Each returns ids; tests read the database to check what a user would see.
import { randomBytes } from "node:crypto";
import { hashPassword } from "../app/modules/auth/password.server";
import { createSession } from "../app/modules/auth/session.server";
import { completeMilestone } from "../app/modules/journeys/complete-milestone.server";
import { createJourney } from "../app/modules/journeys/create-journey.server";
import type { PlaybookDocumentInput } from "../app/modules/playbooks/playbook-document";
import { seedPlaybook } from "../app/server/demo/seed-playbook";
import { type DB, getDb } from "../app/utils/db.server";

export const db = (): DB => getDb();

const uniq = () => randomBytes(4).toString("hex");

export async function makeStaff(
  opts: {
    role?: "admin" | "csm" | "viewer";
    name?: string;
    fn?: "sales" | "onboarding" | "csm" | "support" | "account_manager" | null;
    timezone?: string;
  } = {},
) {
  const name = opts.name ?? `Staff ${uniq()}`;
  return db()
    .insertInto("users")
    .values({
      email: `${name.toLowerCase().replace(/\W+/g, ".")}.${uniq()}@vendor.test`,
      name,
      role: opts.role ?? "csm",
      team_function: opts.fn === undefined ? "csm" : opts.fn,
      timezone: opts.timezone ?? "UTC",
    })
    .returning(["id", "name", "role", "email"])
    .executeTakeFirstOrThrow();
}

/** Four stages: the third has nothing required, so finishing the second skips it. */
export const smallPlaybook = (): PlaybookDocumentInput => ({
  name: `Test playbook ${uniq()}`,
  description: "For tests",
  stages: [
    {
      key: "purchase",
      name: "Purchase",
      description: "Sign and hand off.",
      milestones: [
        milestoneSeed("Sign contract", "customer", "customer", 0, true),
        milestoneSeed("Sales handoff", "vendor", "csm", 2, true),
        milestoneSeed("Optional intro", "customer", "customer", 3, false),
      ],
    },
    {
      key: "onboarding",
      name: "Onboarding",
      description: "Get set up.",
      milestones: [
        milestoneSeed("Kickoff", "vendor", "onboarding", 7, true),
        milestoneSeed("Set up SSO", "customer", "customer", 10, true),
      ],
    },
    {
      key: "adoption",
      name: "Adoption",
      description: "Use it.",
      milestones: [milestoneSeed("Try a feature", "customer", "customer", 30, false)],
    },
    {
      key: "retention",
      name: "Retention",
      description: "Keep going.",
      milestones: [
        milestoneSeed("Health check", "vendor", "csm", 90, true),
        milestoneSeed("Survey", "customer", "customer", 95, true),
      ],
    },
  ],
});

/** One milestone of a test playbook, due `dueOffsetDays` after the start, with one guide. */
export function milestoneSeed(
  title: string,
  ownerSide: "customer" | "vendor",
  ownerRole: "customer" | "sales" | "onboarding" | "csm" | "support" | "account_manager",
  dueOffsetDays: number,
  required: boolean,
) {
  return {
    key: title.toLowerCase().replace(/\W+/g, "-"),
    title,
    description: `${title}, described.`,
    ownerSide,
    // The customer's side has role placeholders now; "customer" stands for its champion.
    ownerRole: ownerRole === "customer" ? ("champion" as const) : ownerRole,
    dueOffsetDays,
    required,
    resources: [
      { title: `${title} guide`, url: "https://help.waypoint.example/x", kind: "guide" as const, minutes: 5 },
    ],
  };
}

/** Twenty steps in one stage, owned in turn by the customer and the CSM, then a "Live" stage. */
export const WIDE_STAGE_STEPS = Array.from({ length: 20 }, (_, i) => `Step ${i + 1}`);

export const wideStagePlaybook = (liveDescription = ""): PlaybookDocumentInput => ({
  name: `Wide stage ${uniq()}`,
  description: "",
  stages: [
    {
      key: "setup",
      name: "Setup",
      description: "",
      milestones: WIDE_STAGE_STEPS.map((t, i) =>
        milestoneSeed(t, i % 2 ? "vendor" : "customer", i % 2 ? "csm" : "customer", 1, true),
      ),
    },
    {
      key: "live",
      name: "Live",
      description: liveDescription,
      milestones: [milestoneSeed("Go live", "customer", "customer", 10, true)],
    },
  ],
});

/** Every wide-stage step completed at the same instant, each by the side that owns it. */
export function completeWideStageAtOnce(acct: TestAccount, csmId: string, now: Date) {
  const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
  const csm = { id: csmId, role: "csm" as const, accountId: null };
  return Promise.all(WIDE_STAGE_STEPS.map((t, i) => completeMilestone(db(), i % 2 ? csm : customer, acct.m[t], now)));
}

export async function makePlaybook(seed: PlaybookDocumentInput = smallPlaybook()): Promise<string> {
  return seedPlaybook(db(), seed);
}

export interface TestAccount {
  accountId: string;
  journeyId: string;
  contacts: { id: string; name: string }[];
  /** Journey milestone ids by title. */
  m: Record<string, string>;
}

export async function makeAccount(opts: {
  csmId: string | null;
  playbookId: string;
  startedOn?: string;
  now?: Date;
  contacts?: number;
  name?: string;
  timezone?: string;
  segment?: string | null;
}): Promise<TestAccount> {
  const now = opts.now ?? new Date("2026-03-02T10:00:00Z");
  const startedOn = opts.startedOn ?? "2026-03-02";
  return db()
    .transaction()
    .execute(async (trx) => {
      const account = await trx
        .insertInto("accounts")
        .values({
          name: opts.name ?? `Account ${uniq()}`,
          csm_id: opts.csmId,
          started_on: startedOn,
          timezone: opts.timezone ?? "UTC",
          segment: opts.segment ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const contacts = [];
      for (let i = 0; i < (opts.contacts ?? 2); i++) {
        const name = `Contact ${i + 1} ${uniq()}`;
        contacts.push(
          await trx
            .insertInto("users")
            .values({ email: `c${i}.${uniq()}@customer.test`, name, role: "customer", account_id: account.id })
            .returning(["id", "name"])
            .executeTakeFirstOrThrow(),
        );
      }
      const { journeyId } = await createJourney(
        trx,
        { accountId: account.id, playbookId: opts.playbookId, startedOn, primaryContactId: contacts[0]?.id },
        now,
      );
      const rows = await trx
        .selectFrom("journey_milestones")
        .select(["id", "title"])
        .where("journey_id", "=", journeyId)
        .execute();
      return { accountId: account.id, journeyId, contacts, m: Object.fromEntries(rows.map((r) => [r.title, r.id])) };
    });
}

export async function setPassword(userId: string, password: string): Promise<void> {
  await db()
    .updateTable("users")
    .set({ password_hash: await hashPassword(password) })
    .where("id", "=", userId)
    .execute();
}

export async function sessionCookie(userId: string, now = new Date()): Promise<string> {
  const token = await createSession(db(), userId, now);
  return `wp_session=${token}`;
}

export async function countRows(table: "milestone_events" | "stage_transitions" | "sessions"): Promise<number> {
  const row = await db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Session cookies for every kind of caller a route x role table asks about: `acct`'s first contact
 * (ana), `other`'s (stranger), `acct`'s CSM, another CSM, an admin and a read-only viewer.
 */
export async function roleCookies(acct: TestAccount, other: TestAccount, csmId: string) {
  return {
    ana: await sessionCookie(acct.contacts[0].id),
    stranger: await sessionCookie(other.contacts[0].id),
    csm: await sessionCookie(csmId),
    viewer: await sessionCookie((await makeStaff({ role: "viewer", fn: null })).id),
    otherCsm: await sessionCookie((await makeStaff()).id),
    admin: await sessionCookie((await makeStaff({ role: "admin" })).id),
  } as Record<string, string>;
}
