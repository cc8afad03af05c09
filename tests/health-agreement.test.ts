// Issue 13: "the portfolio's 'needs attention' uses the same rules and the same words". Every account
// that /insights calls On track, Behind or Stuck has that word on the portfolio and on its account
// page too; an account /insights leaves out (churned, finished, archived) has no word on either.
// First on hand-made journeys whose answers are worked out below, then on the demo, through the pages.
//
// Playbook: "Start" expects 5 days (Kickoff due +2, Connect data due +4), "Live" expects 12.
// NOW is 2026-03-31 12:00 UTC, so the clock day is 03-31 (accounts in UTC).
//   Fresh   started 03-28, Kickoff done 03-29: 3 days in Start of 5          -> On track
//   Slow    started 03-24, Kickoff done 03-27: 7 days in Start, over 5        -> Behind
//   Twice   started 03-19, Kickoff done 03-28: 12 days in Start, over 10      -> Stuck
//   Quiet   started 03-10, both Start steps done by 03-15, so Live since 03-15: 16 days of 12, not over
//           24, but nothing done for 16 days (14 or more)                     -> Stuck
//   Paused  started 03-19, paused 03-20, resumed 03-25: 12 days less 5 on hold = 7 in Start -> Behind
//           (counting the pause it would be 12: Stuck)
//   Holding started 03-14, Kickoff done 03-15, paused since 03-18: the clock stands at 03-18,
//           4 days in Start                                                   -> On track
//   Gone    started 03-01, churned 03-05                                      -> no health
//   Shelved started 03-01, archived 03-05                                     -> no health (not on /insights)
//   Theirs  another CSM's account, Behind as Slow: in neither of Hana's lists.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAccountArchived, setAccountStatus } from "~/modules/account-lifecycle/manage-account.server";
import type { Actor } from "~/modules/accounts/access.server";
import { getAccountHealth, journeyHealthJson } from "~/modules/insights/get-account-health.server";
import { HEALTH_LABELS } from "~/modules/insights/health-rule";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import type { PlaybookDocumentInput } from "~/modules/playbooks/playbook-document";
import { getPortfolio } from "~/modules/portfolio/get-portfolio.server";
import { seedDemo } from "~/server/demo/seed-demo";
import { db, makeAccount, makePlaybook, makeStaff, milestoneSeed, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

const NOW = new Date("2026-03-31T12:00:00Z");
const at = (day: string) => new Date(`${day}T10:00:00Z`);

const playbook = (): PlaybookDocumentInput => ({
  name: `Health agreement ${Date.now()}`,
  description: "",
  stages: [
    {
      key: "start",
      name: "Start",
      description: "",
      expectedDays: 5,
      milestones: [
        milestoneSeed("Kickoff", "vendor", "onboarding", 2, true),
        milestoneSeed("Connect data", "customer", "customer", 4, true),
      ],
    },
    {
      key: "live",
      name: "Live",
      description: "",
      expectedDays: 12,
      milestones: [milestoneSeed("Go live", "customer", "customer", 20, true)],
    },
  ],
});

/** Each account's word on /insights, on the portfolio (every status) and on its account page. */
async function wordsOf(actor: Actor, now: Date) {
  const insights = new Map(
    (await getAccountHealth(db(), actor, {}, now)).accounts.map((a) => [a.accountName, a.health]),
  );
  const rows = [
    ...(await getPortfolio(db(), actor, { status: "all" }, now)),
    ...(await getPortfolio(db(), actor, { status: "archived" }, now)),
  ];
  const portfolio = new Map(rows.map((r) => [r.name, r.health]));
  const page = new Map<string, string | null>();
  for (const r of rows) {
    const view = await getJourney(db(), actor, r.accountId, now, (id) => journeyHealthJson(id, now));
    page.set(r.name, view?.extra?.health ?? null);
  }
  return { insights, portfolio, page };
}

describe("hand-made journeys", () => {
  let hana: Actor;
  const expected: Record<string, string | null> = {
    Fresh: "on_track",
    Slow: "behind",
    Twice: "stuck",
    Quiet: "stuck",
    Paused: "behind",
    Holding: "on_track",
    Gone: null,
    Shelved: null,
  };

  beforeAll(async () => {
    const staff = await makeStaff({ role: "csm", name: "Hana Health" });
    const other = await makeStaff({ role: "csm", name: "Otto Other" });
    hana = { id: staff.id, role: "csm", accountId: null };
    const otto: Actor = { id: other.id, role: "csm", accountId: null };
    const admin: Actor = { id: (await makeStaff({ role: "admin" })).id, role: "admin", accountId: null };
    const playbookId = await makePlaybook(playbook());
    const open = (name: string, startedOn: string, csm: Actor = hana) =>
      makeAccount({ csmId: csm.id, playbookId, name, startedOn, now: new Date(`${startedOn}T09:00:00Z`) });

    const fresh = await open("Fresh", "2026-03-28");
    await completeMilestone(db(), hana, fresh.m.Kickoff, at("2026-03-29"));
    const slow = await open("Slow", "2026-03-24");
    await completeMilestone(db(), hana, slow.m.Kickoff, at("2026-03-27"));
    const twice = await open("Twice", "2026-03-19");
    await completeMilestone(db(), hana, twice.m.Kickoff, at("2026-03-28"));
    const quiet = await open("Quiet", "2026-03-10");
    await completeMilestone(db(), hana, quiet.m.Kickoff, at("2026-03-11"));
    await completeMilestone(db(), hana, quiet.m["Connect data"], at("2026-03-15"));
    const paused = await open("Paused", "2026-03-19");
    await setAccountStatus(db(), hana, { accountId: paused.accountId, status: "paused" }, at("2026-03-20"));
    await setAccountStatus(db(), hana, { accountId: paused.accountId, status: "active" }, at("2026-03-25"));
    const holding = await open("Holding", "2026-03-14");
    await completeMilestone(db(), hana, holding.m.Kickoff, at("2026-03-15"));
    await setAccountStatus(db(), hana, { accountId: holding.accountId, status: "paused" }, at("2026-03-18"));
    const gone = await open("Gone", "2026-03-01");
    await setAccountStatus(db(), hana, { accountId: gone.accountId, status: "churned" }, at("2026-03-05"));
    const shelved = await open("Shelved", "2026-03-01");
    await setAccountArchived(db(), admin, { accountId: shelved.accountId, archived: true }, at("2026-03-05"));
    const theirs = await open("Theirs", "2026-03-24", otto);
    await completeMilestone(db(), otto, theirs.m.Kickoff, at("2026-03-27"));
  });

  it("/insights gives the worked-out word to each running account, and none to the others", async () => {
    const { insights } = await wordsOf(hana, NOW);
    const running = Object.entries(expected).filter(([, h]) => h !== null);
    expect(Object.fromEntries(insights)).toEqual(Object.fromEntries(running));
  });

  it("the portfolio and the account page say the same word for every account, none where /insights has none", async () => {
    const { insights, portfolio, page } = await wordsOf(hana, NOW);
    expect(Object.fromEntries(portfolio)).toEqual(expected);
    expect(Object.fromEntries(page)).toEqual(expected);
    for (const [name, health] of portfolio) expect(health).toBe(insights.get(name) ?? null);
  });

  it("the portfolio's days in stage are the health's, paused days left out", async () => {
    const rows = await getPortfolio(db(), hana, { status: "all" }, NOW);
    const days = Object.fromEntries(rows.map((r) => [r.name, r.daysInStage]));
    const { accounts } = await getAccountHealth(db(), hana, {}, NOW);
    for (const a of accounts) expect(days[a.accountName], a.accountName).toBe(a.daysInStage);
    // Worked out above: 12 calendar days less 5 on hold; the clock stands at the pause's start.
    expect(days.Paused).toBe(7);
    expect(days.Holding).toBe(4);
    expect(days.Slow).toBe(7);
  });

  it("the portfolio's health filter keeps exactly the accounts /insights gives that word", async () => {
    const names = async (health: "on_track" | "behind" | "stuck" | "behind_or_stuck") =>
      (await getPortfolio(db(), hana, { health, status: "all" }, NOW)).map((r) => r.name);
    expect(await names("on_track")).toEqual(["Fresh", "Holding"]);
    expect(await names("behind")).toEqual(["Paused", "Slow"]);
    expect(await names("stuck")).toEqual(["Quiet", "Twice"]);
    expect(await names("behind_or_stuck")).toEqual(["Paused", "Quiet", "Slow", "Twice"]);
  });
});

describe("the demo, through the pages", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it("every account's word on /csm is the word /insights gives it", { timeout: 60_000 }, async () => {
    await seedDemo(db(), new Date());
    const priya = await db()
      .selectFrom("users")
      .select("id")
      .where("email", "=", "priya@waypoint.example")
      .executeTakeFirstOrThrow();
    const cookie = await sessionCookie(priya.id);

    // /insights' own export of its health table: account, health, ...
    const csv = await (await server.get("/insights.csv?panel=health", cookie)).text();
    const insights = new Map(
      csv
        .trim()
        .split("\n")
        .slice(1)
        .map((line) => line.split(",").map((c) => c.replace(/^"|"$/g, "")))
        .map((c) => [c[0], c[1]]),
    );
    const html = (await (await server.get("/csm?status=all", cookie)).text()).replace(/<!-- -->/g, "");
    const rows = [...html.matchAll(/<tr data-testid="portfolio-row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]);
    const portfolio = new Map(
      rows.map((row) => [
        /<a [^>]*>([^<]*)<\/a>/.exec(row)?.[1] ?? "",
        /data-testid="portfolio-health"[^>]*>(?:<span[^>]*>([^<]*)<\/span>|—)/.exec(row)?.[1] ?? null,
      ]),
    );
    // The demo shows every word the rule has, so this compares something on each.
    expect(new Set(insights.values())).toEqual(new Set(Object.values(HEALTH_LABELS)));
    expect(portfolio.size).toBeGreaterThanOrEqual(insights.size);
    for (const [name, word] of portfolio) expect(word).toBe(insights.get(name) ?? null);
    for (const [name, word] of insights) expect(portfolio.get(name)).toBe(word);
  });
});
