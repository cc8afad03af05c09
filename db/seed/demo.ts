// The demo: the "SaaS customer success" playbook, a vendor team and four
// customer accounts at different points, brought there through the real domain code.
import type { Kysely } from "kysely";
import { hashPassword } from "../../app/modules/auth/password.server";
import { completeMilestone } from "../../app/modules/journeys/complete-milestone.server";
import { createJourney } from "../../app/modules/journeys/create-journey.server";
import { addDays, todayIn } from "../../app/utils/dates";
import type { Database, TeamFunction } from "../schema";
import { saasPlaybook } from "./playbook";
import { seedPlaybook } from "./seed-playbook";

export const DEMO_PASSWORD = "waypoint-demo";

export const DEMO_LOGINS = [
  { email: "priya@waypoint.example", role: "admin", sees: "Every account, the whole portfolio" },
  { email: "maya@waypoint.example", role: "csm", sees: "Her portfolio: Northwind Traders, Acme Analytics" },
  { email: "diego@waypoint.example", role: "csm", sees: "His portfolio: Globex Logistics, Initech Health" },
  { email: "ana@northwind.example", role: "customer", sees: "Northwind Traders' journey (just started)" },
  { email: "chloe@acme.example", role: "customer", sees: "Acme Analytics' journey (on track in Onboarding)" },
  { email: "frank@globex.example", role: "customer", sees: "Globex Logistics' journey (overdue in Adoption)" },
  { email: "hana@initech.example", role: "customer", sees: "Initech Health's journey (in Retention)" },
] as const;

interface StaffSeed {
  email: string;
  name: string;
  role: "admin" | "csm";
  fn: TeamFunction;
  title: string;
  login: boolean;
}

const STAFF: StaffSeed[] = [
  {
    email: "priya@waypoint.example",
    name: "Priya Shah",
    role: "admin",
    fn: "csm",
    title: "Head of Customer Success",
    login: true,
  },
  {
    email: "maya@waypoint.example",
    name: "Maya Chen",
    role: "csm",
    fn: "csm",
    title: "Customer success manager",
    login: true,
  },
  {
    email: "diego@waypoint.example",
    name: "Diego Alvarez",
    role: "csm",
    fn: "csm",
    title: "Customer success manager",
    login: true,
  },
  {
    email: "sam@waypoint.example",
    name: "Sam Ortiz",
    role: "csm",
    fn: "sales",
    title: "Account executive",
    login: false,
  },
  {
    email: "lena@waypoint.example",
    name: "Lena Fischer",
    role: "csm",
    fn: "onboarding",
    title: "Onboarding specialist",
    login: false,
  },
  {
    email: "tom@waypoint.example",
    name: "Tom Becker",
    role: "csm",
    fn: "support",
    title: "Support engineer",
    login: false,
  },
  {
    email: "ravi@waypoint.example",
    name: "Ravi Kumar",
    role: "csm",
    fn: "account_manager",
    title: "Account manager",
    login: false,
  },
];

interface AccountSeed {
  name: string;
  csm: string;
  timezone: string;
  startedDaysAgo: number;
  contacts: { email: string; name: string; title: string }[];
  /** Milestone titles completed, with the day (from start) each was done. */
  done: [title: string, day: number][];
}

const ACCOUNTS: AccountSeed[] = [
  {
    name: "Northwind Traders",
    csm: "maya@waypoint.example",
    timezone: "America/New_York",
    startedDaysAgo: 2,
    contacts: [
      { email: "ana@northwind.example", name: "Ana Lopez", title: "Operations lead" },
      { email: "ben@northwind.example", name: "Ben Carter", title: "IT administrator" },
    ],
    done: [["Sign the contract", 0]],
  },
  {
    name: "Acme Analytics",
    csm: "maya@waypoint.example",
    timezone: "Europe/Berlin",
    startedDaysAgo: 20,
    contacts: [
      { email: "chloe@acme.example", name: "Chloe Park", title: "Head of Analytics" },
      { email: "dev@acme.example", name: "Dev Patel", title: "Data engineer" },
      { email: "emma@acme.example", name: "Emma Rossi", title: "Team lead" },
    ],
    done: [
      ["Sign the contract", 0],
      ["Hand off from sales to customer success", 2],
      ["Name your project team", 5],
      ["Hold the kickoff call", 8],
      ["Set up your account and single sign-on", 13],
    ],
  },
  {
    name: "Globex Logistics",
    csm: "diego@waypoint.example",
    timezone: "America/Chicago",
    startedDaysAgo: 78,
    contacts: [
      { email: "frank@globex.example", name: "Frank Miller", title: "VP Operations" },
      { email: "grace@globex.example", name: "Grace Kim", title: "Systems administrator" },
    ],
    done: [
      ["Sign the contract", 1],
      ["Hand off from sales to customer success", 3],
      ["Name your project team", 9],
      ["Hold the kickoff call", 12],
      ["Set up your account and single sign-on", 20],
      ["Connect your data sources", 33],
      ["Train your administrators", 41],
      ["Use your first key feature", 50],
    ],
  },
  {
    name: "Initech Health",
    csm: "diego@waypoint.example",
    timezone: "Asia/Tokyo",
    startedDaysAgo: 200,
    contacts: [
      { email: "hana@initech.example", name: "Hana Suzuki", title: "Director of Clinical Ops" },
      { email: "ivan@initech.example", name: "Ivan Petrov", title: "IT manager" },
      { email: "julia@initech.example", name: "Julia Rossi", title: "Training coordinator" },
    ],
    done: [
      ["Sign the contract", 0],
      ["Hand off from sales to customer success", 2],
      ["Name your project team", 6],
      ["Hold the kickoff call", 9],
      ["Set up your account and single sign-on", 13],
      ["Connect your data sources", 22],
      ["Train your administrators", 30],
      ["Use your first key feature", 44],
      ["Review early usage", 58],
      ["Invite the wider team", 66],
      ["Reach your first success goal", 84],
      ["Run an account health check", 121],
      ["Hold a quarterly business review", 158],
    ],
  },
];

/** True when the database has no users yet, i.e. a fresh install. */
export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return !row;
}

/** True when the demo's logins exist, so the start-up banner can list them. */
export async function hasDemoLogins(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", DEMO_LOGINS[0].email)
    .where("password_hash", "is not", null)
    .executeTakeFirst();
  return !!row;
}

export async function seedDemo(db: Kysely<Database>, now: Date): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const today = todayIn("UTC", now);
  const userIds = new Map<string, string>();

  const playbookId = await db.transaction().execute(async (trx) => {
    const id = await seedPlaybook(trx, saasPlaybook);
    for (const s of STAFF) {
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
    return id;
  });

  for (const a of ACCOUNTS) {
    const startedOn = addDays(today, -a.startedDaysAgo);
    const startAt = new Date(`${startedOn}T09:00:00Z`);
    const accountId = await db.transaction().execute(async (trx) => {
      const account = await trx
        .insertInto("accounts")
        .values({ name: a.name, csm_id: userIds.get(a.csm)!, started_on: startedOn, timezone: a.timezone })
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
            password_hash: passwordHash,
            timezone: a.timezone,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        userIds.set(c.email, row.id);
        primaryContactId ??= row.id;
      }
      await createJourney(trx, { accountId: account.id, playbookId, startedOn, primaryContactId }, startAt);
      return account.id;
    });

    // The second contact owns the technical steps, as an IT admin would.
    const technical = userIds.get(a.contacts[1].email)!;
    await db
      .updateTable("journey_milestones")
      .set({ owner_user_id: technical })
      .where("owner_side", "=", "customer")
      .where("title", "in", ["Set up your account and single sign-on", "Connect your data sources"])
      .where("journey_id", "=", (eb) => eb.selectFrom("journeys").select("id").where("account_id", "=", accountId))
      .execute();

    const milestones = await db
      .selectFrom("journey_milestones as m")
      .innerJoin("journeys as j", "j.id", "m.journey_id")
      .select(["m.id", "m.title", "m.owner_user_id", "m.owner_side"])
      .where("j.account_id", "=", accountId)
      .execute();
    const csmId = userIds.get(a.csm)!;
    for (const [title, day] of a.done) {
      const m = milestones.find((x) => x.title === title);
      if (!m) throw new Error(`Demo milestone "${title}" is not in the playbook`);
      const actorId = m.owner_side === "customer" && m.owner_user_id ? m.owner_user_id : csmId;
      const actor =
        m.owner_side === "customer"
          ? { id: actorId, role: "customer" as const, accountId }
          : { id: csmId, role: "csm" as const, accountId: null };
      const at = new Date(startAt.getTime() + day * 86_400_000 + 5 * 3_600_000);
      await completeMilestone(db, actor, m.id, at);
    }
  }
}
