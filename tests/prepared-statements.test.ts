// The statements every page view runs are prepared once per connection and then only executed
// (ADR 019): Postgres keeps them, by a name fixed by their text, and stops planning them afresh.
// Other statements go through as before.
import { sql } from "kysely";
import { afterAll, expect, it } from "vitest";
import { createSession, validateSessionToken } from "~/modules/auth/session.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { getPortfolio } from "~/modules/portfolio/get-portfolio.server";
import { createDb } from "~/utils/db.server";
import { PREPARE_MARKER } from "~/utils/prepared.server";
import { makeAccount, makePlaybook, makeStaff } from "./factories";

// One connection, so the prepared statements this test reads are those its queries made.
const one = createDb(process.env.DATABASE_URL ?? "", 1);
afterAll(() => one.destroy());

interface Prepared {
  name: string;
  statement: string;
  executions: number;
  generic_plans: number;
}

const preparedHere = async () =>
  (
    await sql<Prepared>`select name, statement, (generic_plans + custom_plans)::int as executions,
      generic_plans::int from pg_prepared_statements where from_sql = false`.execute(one)
  ).rows;

it("the journey's statement and the session check are prepared once and reused, for every account and person", async () => {
  const playbookId = await makePlaybook();
  const staff = [await makeStaff({ name: "Pat Prepared" }), await makeStaff({ name: "Ray Prepared" })];
  const accounts = await Promise.all(staff.map((s) => makeAccount({ csmId: s.id, playbookId })));
  const now = new Date();
  const tokens = await Promise.all(staff.map((s) => createSession(one, s.id, now)));
  for (let round = 0; round < 4; round++) {
    for (const [i, s] of staff.entries()) {
      const actor = { id: s.id, role: "csm" as const, accountId: null };
      expect(await getJourney(one, actor, accounts[i].accountId, now)).not.toBeNull();
      // The other CSM's account is out of scope: same statement, no row.
      expect(await getJourney(one, actor, accounts[1 - i].accountId, now)).toBeNull();
      expect((await validateSessionToken(one, tokens[i], now))?.user.id).toBe(s.id);
    }
  }
  // An unmarked statement is not kept; nor is a sorted or filtered portfolio (its text has hundreds of shapes).
  await one.selectFrom("accounts").select("id").execute();
  await getPortfolio(one, { id: staff[0].id, role: "csm", accountId: null }, { sort: "stage", dir: "desc" }, now);
  await getPortfolio(one, { id: staff[0].id, role: "csm", accountId: null }, { health: "behind" }, now);

  const kept = await preparedHere();
  expect(kept.every((p) => p.statement.includes(PREPARE_MARKER) && /^wp_[0-9a-f]{20}$/.test(p.name))).toBe(true);
  const journey = kept.filter((p) => p.statement.includes("journey_milestones"));
  const session = kept.filter((p) => p.statement.includes('from "sessions"'));
  // One statement each, whoever asks and whichever account: 16 journey reads, 8 session checks.
  expect(journey).toHaveLength(1);
  expect(session).toHaveLength(1);
  expect(journey[0].executions).toBe(16);
  expect(session[0].executions).toBe(8);
  // Past its fifth run Postgres settles on one plan and stops planning (plan_cache_mode auto).
  expect(journey[0].generic_plans).toBeGreaterThan(0);
  expect(kept).toHaveLength(2);
});

it("the portfolio as it first opens is one prepared statement per scope, whichever CSM asks", async () => {
  const before = new Set((await preparedHere()).map((p) => p.name));
  const now = new Date();
  const csms = [await makeStaff({ name: "Uma Portfolio" }), await makeStaff({ name: "Vic Portfolio" })];
  const admin = await makeStaff({ role: "admin", name: "Wes Portfolio" });
  for (let round = 0; round < 3; round++) {
    // As the page asks for it: its defaults spelled out.
    for (const s of csms) {
      await getPortfolio(
        one,
        { id: s.id, role: "csm", accountId: null },
        { sort: "name", dir: "asc", status: "open" },
        now,
      );
    }
    await getPortfolio(one, { id: admin.id, role: "admin", accountId: null }, {}, now);
  }
  const added = (await preparedHere()).filter((p) => !before.has(p.name));
  // One text for a CSM's own accounts (run 6 times), one for every account (3 times).
  expect(added.map((p) => p.executions).sort()).toEqual([3, 6]);
});
