// The CSM portfolio's figures, sorting, filters and scoping.
import { beforeAll, expect, it } from "vitest";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { getPortfolio } from "~/modules/portfolio/get-portfolio.server";
import { listPortfolioStages } from "~/modules/portfolio/list-portfolio-stages.server";
import { db, makeAccount, makePlaybook, makeStaff, type TestAccount } from "./factories";

const NOW = new Date("2026-03-22T12:00:00Z");
let maya: { id: string }, diego: { id: string }, admin: { id: string };
let fresh: TestAccount, busy: TestAccount, late: TestAccount;

beforeAll(async () => {
  maya = await makeStaff({ name: "Maya" });
  diego = await makeStaff({ name: "Diego" });
  admin = await makeStaff({ role: "admin", name: "Ada" });
  const playbookId = await makePlaybook();
  fresh = await makeAccount({
    csmId: maya.id,
    playbookId,
    name: "Fresh Co",
    startedOn: "2026-03-20",
    now: new Date("2026-03-20T09:00:00Z"),
  });
  busy = await makeAccount({
    csmId: maya.id,
    playbookId,
    name: "Busy Co",
    startedOn: "2026-03-01",
    now: new Date("2026-03-01T09:00:00Z"),
  });
  await makeAccount({
    csmId: maya.id,
    playbookId,
    name: "Calm Co",
    startedOn: "2026-03-22",
    now: new Date("2026-03-22T08:00:00Z"),
  });
  late = await makeAccount({
    csmId: diego.id,
    playbookId,
    name: "Late Co",
    startedOn: "2026-01-01",
    now: new Date("2026-01-01T09:00:00Z"),
  });
  const csm = (id: string) => ({ id, role: "csm" as const, accountId: null });
  await completeMilestone(db(), csm(maya.id), busy.m["Sign contract"], new Date("2026-03-02T09:00:00Z"));
  await completeMilestone(db(), csm(maya.id), busy.m["Sales handoff"], new Date("2026-03-10T09:00:00Z"));
  await completeMilestone(db(), csm(maya.id), busy.m.Kickoff, new Date("2026-03-21T09:00:00Z"));
  await completeMilestone(db(), csm(diego.id), late.m["Sign contract"], new Date("2026-01-02T09:00:00Z"));
});

it("computes stage, progress, overdue, days in stage and next due per account", async () => {
  const rows = await getPortfolio(db(), { id: admin.id, role: "admin", accountId: null }, {}, NOW);
  const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
  expect(byName["Busy Co"]).toMatchObject({
    stageName: "Onboarding",
    progressPercent: 38, // 3 of 8
    overdue: 1, // Set up SSO (03-11); Optional intro (03-04) is optional, never overdue (issue 9, item 18)
    daysInStage: 12, // entered 03-10
    nextDueTitle: "Optional intro",
    health: "on_track", // the playbook sets no expected days; Kickoff done yesterday
  });
  expect(byName["Late Co"]).toMatchObject({
    stageName: "Purchase",
    progressPercent: 13,
    overdue: 1, // Sales handoff, due in early January; Optional intro is optional
    daysInStage: 80,
    health: "stuck", // nothing done since 01-02: 79 quiet days, past the insights' 14
  });
  expect(byName["Calm Co"]).toMatchObject({
    overdue: 0,
    daysInStage: 0,
    health: "on_track",
    nextDueOn: "2026-03-22",
  });
  expect(byName["Fresh Co"]).toMatchObject({
    stageName: "Purchase",
    overdue: 1,
    daysInStage: 2,
    health: "on_track", // one step overdue, but health reads days, not due dates
    nextDueOn: "2026-03-20",
  });
});

it("scopes a CSM to their accounts and an admin to all", async () => {
  const mine = await getPortfolio(db(), { id: maya.id, role: "csm", accountId: null }, {}, NOW);
  expect(mine.map((r) => r.name)).toEqual(["Busy Co", "Calm Co", "Fresh Co"]);
  const all = await getPortfolio(db(), { id: admin.id, role: "admin", accountId: null }, {}, NOW);
  expect(all.map((r) => r.name)).toEqual(["Busy Co", "Calm Co", "Fresh Co", "Late Co"]);
  expect(
    await getPortfolio(db(), { id: fresh.contacts[0].id, role: "customer", accountId: fresh.accountId }, {}, NOW),
  ).toEqual([]);
});

it("sorts by any column and filters by stage and by health, in the insights' words", async () => {
  const actor = { id: admin.id, role: "admin" as const, accountId: null };
  const names = async (q: Parameters<typeof getPortfolio>[2]) =>
    (await getPortfolio(db(), actor, q, NOW)).map((r) => r.name);
  expect(await names({ sort: "progress", dir: "desc" })).toEqual(["Busy Co", "Late Co", "Calm Co", "Fresh Co"]);
  expect(await names({ sort: "days_in_stage", dir: "asc" })).toEqual(["Calm Co", "Fresh Co", "Busy Co", "Late Co"]);
  // One overdue step each, then the name: optional steps are not counted (issue 9, item 18).
  expect(await names({ sort: "overdue", dir: "desc" })).toEqual(["Busy Co", "Fresh Co", "Late Co", "Calm Co"]);
  expect(await names({ sort: "csm", dir: "asc" })).toEqual(["Late Co", "Busy Co", "Calm Co", "Fresh Co"]);
  expect(await names({ sort: "next_due", dir: "asc" })).toEqual(["Late Co", "Busy Co", "Fresh Co", "Calm Co"]);
  expect(await names({ stage: "Onboarding" })).toEqual(["Busy Co"]);
  expect(await names({ sort: "health", dir: "desc" })).toEqual(["Late Co", "Busy Co", "Calm Co", "Fresh Co"]);
  expect(await names({ health: "stuck" })).toEqual(["Late Co"]);
  expect(await names({ health: "behind_or_stuck" })).toEqual(["Late Co"]);
  expect(await names({ health: "behind" })).toEqual([]);
  expect(await names({ health: "on_track" })).toEqual(["Busy Co", "Calm Co", "Fresh Co"]);
});

it("offers the stages of the journeys in scope, in journey order", async () => {
  const stages = await listPortfolioStages(db(), { id: maya.id, role: "csm", accountId: null });
  expect(stages).toEqual(["Purchase", "Onboarding", "Adoption", "Retention"]);
  const outsider = await makeStaff();
  expect(await listPortfolioStages(db(), { id: outsider.id, role: "csm", accountId: null })).toEqual([]);
});
