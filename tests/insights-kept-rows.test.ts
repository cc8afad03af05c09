// Kept insights rows (ADR 044, migration 020): bottleneck milestones and delay by side read a
// journey's kept rows only while they are current, and every write to what they say drops them.
// Each case compares the figures against the same figures computed from the steps alone.
//
// Playbook: Start (Kickoff: onboarding, due +2; Connect: customer, due +4), Live (Go live:
// customer, due +20; Review: csm, due +25). NOW is 2026-03-31 12:00 UTC.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { setAccountStatus } from "~/modules/account-lifecycle/manage-account.server";
import type { Actor } from "~/modules/accounts/access.server";
import { getBottleneckMilestones } from "~/modules/insights/get-bottleneck-milestones.server";
import { getDelayBySide } from "~/modules/insights/get-delay-by-side.server";
import { KEPT_FORMULA } from "~/modules/insights/insights-scope.server";
import { refreshKeptInsights } from "~/modules/insights/kept-rows.server";
import { changeMilestoneDueDate } from "~/modules/journeys/change-milestone-due-date.server";
import { changeMilestoneOwner } from "~/modules/journeys/change-milestone-owner.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { markNotApplicable } from "~/modules/journeys/mark-not-applicable.server";
import { reopenMilestone } from "~/modules/journeys/reopen-milestone.server";
import { changeTeamFunction } from "~/modules/team/manage-staff.server";
import { parseEnv } from "~/utils/env.server";
import { REFRESH_INSIGHTS_TASK, workerTasks } from "~/worker/run-worker";
import { db, makeAccount, makePlaybook, makeStaff, milestoneSeed, type TestAccount } from "./factories";

const NOW = new Date("2026-03-31T12:00:00Z");
const at = (day: string) => new Date(`${day}T10:00:00Z`);

let admin: Actor, maya: Actor;
let samId: string;
let playbookId: string;
let A: TestAccount, B: TestAccount, C: TestAccount;

const ids = () => [A, B, C].map((j) => j.journeyId);
const figures = async (now = NOW) => ({
  bottlenecks: await getBottleneckMilestones(db(), admin, { playbookId }, now),
  delay: await getDelayBySide(db(), admin, { playbookId }, now),
});
/** The figures with none of these journeys kept: every one computed from its steps. */
const fromSteps = async (now = NOW) => {
  await db().deleteFrom("insight_fresh").where("journey_id", "in", ids()).execute();
  return figures(now);
};
const marked = async () =>
  (await db().selectFrom("insight_fresh").select("journey_id").where("journey_id", "in", ids()).execute())
    .map((r) => r.journey_id)
    .sort();
const delayOf = (f: Awaited<ReturnType<typeof figures>>, j: TestAccount) =>
  f.delay.accounts.find((a) => a.accountId === j.accountId);

/** A promise to wait on and the call that settles it: one side of a test waits for the other. */
function signal() {
  let fire!: () => void;
  const done = new Promise<void>((r) => {
    fire = r;
  });
  return { done, fire };
}

beforeAll(async () => {
  const s = await makeStaff({ role: "admin", name: "Kept Admin" });
  admin = { id: s.id, role: "admin", accountId: null };
  const m = await makeStaff({ role: "csm", name: "Kept Maya" });
  maya = { id: m.id, role: "csm", accountId: null };
  samId = (await makeStaff({ role: "csm", name: "Kept Sam", fn: "support" })).id;
  playbookId = await makePlaybook({
    name: `Kept rows ${Date.now()}`,
    description: "",
    stages: [
      {
        key: "start",
        name: "Start",
        description: "",
        expectedDays: 5,
        milestones: [
          milestoneSeed("Kickoff", "vendor", "onboarding", 2, true),
          milestoneSeed("Connect", "customer", "customer", 4, true),
        ],
      },
      {
        key: "live",
        name: "Live",
        description: "",
        expectedDays: 12,
        milestones: [
          milestoneSeed("Go live", "customer", "customer", 20, true),
          milestoneSeed("Review", "vendor", "csm", 25, true),
        ],
      },
    ],
  });
  const open = (startedOn: string) =>
    makeAccount({ csmId: maya.id, playbookId, startedOn, now: new Date(`${startedOn}T09:00:00Z`) });
  // A: Start done late (Connect 3 days past 03-05), Live open: Go live late since 03-22.
  A = await open("2026-03-01");
  await completeMilestone(db(), maya, A.m.Kickoff, at("2026-03-02"));
  await completeMilestone(db(), maya, A.m.Connect, at("2026-03-08"));
  // B: Kickoff handed to Sam and done late; Connect open and late.
  B = await open("2026-03-10");
  await changeMilestoneOwner(db(), maya, B.m.Kickoff, samId, at("2026-03-13"));
  await completeMilestone(db(), maya, B.m.Kickoff, at("2026-03-15"));
  // C: nothing done yet.
  C = await open("2026-03-20");
});

describe("kept rows", () => {
  it("give the figures computed from the steps, and are what the figures read while current", async () => {
    const computed = await fromSteps();
    expect(await marked()).toEqual([]);
    await refreshKeptInsights(db(), NOW);
    expect(await marked()).toEqual(ids().sort());
    const marks = await db().selectFrom("insight_fresh").select("clock_day").where("journey_id", "in", ids()).execute();
    expect(marks.map((r) => String(r.clock_day))).toEqual(["2026-03-31", "2026-03-31", "2026-03-31"]);
    expect(await figures()).toEqual(computed);
    // Not a figure that merely agrees: with A's kept rows altered, the figures follow them.
    await db()
      .updateTable("insight_delay_rows")
      .set({ days: sql`days + 100` })
      .where("journey_id", "=", A.journeyId)
      .where("side", "=", "customer")
      .execute();
    await db()
      .updateTable("insight_step_rows")
      .set({ done: sql`done + 7` })
      .where("journey_id", "=", A.journeyId)
      .where("key", "=", "kickoff")
      .execute();
    const altered = await figures();
    expect(delayOf(altered, A)?.customerDays).toBe((delayOf(computed, A)?.customerDays ?? 0) + 100);
    expect(altered.bottlenecks.find((b) => b.key === "kickoff")?.done).toBe(
      (computed.bottlenecks.find((b) => b.key === "kickoff")?.done ?? 0) + 7,
    );
    // A refresh leaves current rows alone; a write to the journey drops them.
    await refreshKeptInsights(db(), NOW);
    expect(delayOf(await figures(), A)?.customerDays).toBe((delayOf(computed, A)?.customerDays ?? 0) + 100);
    await sql`update journeys set current_stage_position = current_stage_position where id = ${A.journeyId}`.execute(
      db(),
    );
    expect(await marked()).toEqual([B.journeyId, C.journeyId].sort());
    expect(await figures()).toEqual(computed);
  });

  // Each write, made on a journey kept fresh, leaves the figures equal to the ones computed from the
  // steps, and drops the mark of that journey only.
  const writes: [string, () => TestAccount, () => Promise<unknown>][] = [
    [
      "a step completed (and the stage it moves on)",
      () => C,
      () => completeMilestone(db(), maya, C.m.Kickoff, at("2026-03-25")),
    ],
    ["a step reopened", () => A, () => reopenMilestone(db(), maya, A.m.Connect, at("2026-03-26"))],
    ["an owner changed", () => B, () => changeMilestoneOwner(db(), maya, B.m.Connect, samId, at("2026-03-27"))],
    [
      "a step marked not applicable",
      () => C,
      () => markNotApplicable(db(), maya, C.m.Connect, "Not needed", at("2026-03-28")),
    ],
    [
      "a due date moved",
      () => A,
      () => changeMilestoneDueDate(db(), maya, A.m["Go live"], "2026-03-28", at("2026-03-29")),
    ],
    [
      "the account paused",
      () => B,
      () => setAccountStatus(db(), maya, { accountId: B.accountId, status: "paused" }, at("2026-03-29")),
    ],
    [
      "the account's timezone changed",
      () => A,
      () => sql`update accounts set timezone = 'Pacific/Auckland' where id = ${A.accountId}`.execute(db()),
    ],
    [
      "a step's row changed by hand",
      () => B,
      () => sql`update journey_milestones set due_on = due_on - 2 where id = ${B.m.Connect}`.execute(db()),
    ],
    [
      "a stage transition removed by hand",
      () => A,
      () =>
        sql`delete from stage_transitions where journey_id = ${A.journeyId} and from_stage_id is not null`.execute(
          db(),
        ),
    ],
    [
      "a stage's entry moved",
      () => C,
      () =>
        sql`update journey_stages set entered_at = entered_at + interval '5 days' where journey_id = ${C.journeyId} and position = 1`.execute(
          db(),
        ),
    ],
  ];
  it.each(writes)("are dropped for the journey when %s", async (_label, journey, write) => {
    await refreshKeptInsights(db(), NOW);
    expect(await marked()).toEqual(ids().sort());
    const before = await figures();
    await write();
    const j = journey();
    expect(await marked()).toEqual(
      ids()
        .filter((id) => id !== j.journeyId)
        .sort(),
    );
    const after = await figures();
    expect(after).toEqual(await fromSteps());
    // The write changed what the figures say (so a stale row would have shown).
    expect(after).not.toEqual(before);
  });

  it("are all dropped when a person's team function changes, and kept when only their last visit does", async () => {
    await refreshKeptInsights(db(), NOW);
    await sql`update users set last_seen_at = ${NOW} where id = ${samId}`.execute(db());
    expect(await marked()).toEqual(ids().sort());
    const before = await figures();
    await changeTeamFunction(db(), admin, { userId: samId, teamFunction: "account_manager", ip: null }, NOW);
    expect(await marked()).toEqual([]);
    const after = await figures();
    expect(after).toEqual(await fromSteps());
    // Sam's days on B's Kickoff now count for account management, not support.
    expect(delayOf(before, B)?.vendorByFunction.support).toBeGreaterThan(0);
    expect(delayOf(after, B)?.vendorByFunction.support).toBeUndefined();
    expect(delayOf(after, B)?.vendorByFunction.account_manager).toBe(delayOf(before, B)?.vendorByFunction.support);
  });

  it("count only on the clock day they were computed for", async () => {
    await refreshKeptInsights(db(), NOW);
    const tomorrow = new Date("2026-04-01T12:00:00Z");
    const kept = await figures(tomorrow);
    expect(kept).toEqual(await fromSteps(tomorrow));
    // One more day of the steps still open and late.
    expect(kept.delay.total.customerDays).toBeGreaterThan((await figures(NOW)).delay.total.customerDays);
  });

  it("hold a write back while a refresh runs, so no refresh marks a journey fresh over a later write", async () => {
    await refreshKeptInsights(db(), NOW);
    // Stand in for a refresh in progress: the lock it holds while it computes and marks.
    const held = signal();
    const lockTaken = signal();
    const refresh = db()
      .transaction()
      .execute(async (trx) => {
        await sql`lock table insight_fresh in share row exclusive mode`.execute(trx);
        lockTaken.fire();
        await held.done;
      });
    await lockTaken.done;
    let written = false;
    const write = completeMilestone(db(), maya, A.m.Review, at("2026-03-30")).then(() => {
      written = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(written).toBe(false);
    held.fire();
    await refresh;
    await write;
    expect(written).toBe(true);
    expect(await marked()).toEqual([B.journeyId, C.journeyId].sort());
    // And a refresh that starts while a write is open waits for it, then reads it.
    const open = signal();
    const writeMade = signal();
    const writer = db()
      .transaction()
      .execute(async (trx) => {
        await sql`update journey_milestones set due_on = due_on - 3 where id = ${A.m["Go live"]}`.execute(trx);
        writeMade.fire();
        await open.done;
      });
    await writeMade.done;
    let refreshed = false;
    const second = refreshKeptInsights(db(), NOW).then(() => {
      refreshed = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(refreshed).toBe(false);
    open.fire();
    await writer;
    await second;
    expect(await marked()).toEqual(ids().sort());
    expect(await figures()).toEqual(await fromSteps());
  });

  it("are computed in batches, with the count so far, by the worker's task", async () => {
    await db().deleteFrom("insight_fresh").where("journey_id", "in", ids()).execute();
    const counts: number[] = [];
    const result = await refreshKeptInsights(db(), NOW, { batch: 1, onBatch: (n) => counts.push(n) });
    expect(result.journeys).toBeGreaterThanOrEqual(3);
    expect(result.batches).toBe(result.journeys);
    expect(counts).toEqual(counts.map((_, i) => i + 1));
    expect(await marked()).toEqual(ids().sort());

    await db().deleteFrom("insight_fresh").where("journey_id", "in", ids()).execute();
    const tasks = workerTasks({ db: db(), env: parseEnv({ APP_URL: "http://portal.test" }), log: () => {} });
    const task = tasks[REFRESH_INSIGHTS_TASK];
    if (!task) throw new Error("The worker has no insights refresh task.");
    await task({}, {} as never);
    expect(await marked()).toEqual(ids().sort());
  });

  it("never wait on a journey a writer holds: a refresh takes no lock on journeys", async () => {
    await db().deleteFrom("insight_fresh").where("journey_id", "in", ids()).execute();
    const open = signal();
    const journeyHeld = signal();
    // A writer as the app writes: the journey locked first, its steps written after.
    const writer = db()
      .transaction()
      .execute(async (trx) => {
        await sql`select id from journeys where id = ${A.journeyId} for update`.execute(trx);
        journeyHeld.fire();
        await open.done;
        await sql`update journey_milestones set due_on = due_on + 1 where id = ${A.m["Go live"]}`.execute(trx);
      });
    await journeyHeld.done;
    await refreshKeptInsights(db(), NOW);
    expect(await marked()).toEqual(ids().sort());
    open.fire();
    await writer;
    expect(await marked()).toEqual([B.journeyId, C.journeyId].sort());
    expect(await figures()).toEqual(await fromSteps());
  });

  it("count only when the formulas that kept them are the current ones", async () => {
    await refreshKeptInsights(db(), NOW);
    const computed = await figures();
    await db()
      .updateTable("insight_delay_rows")
      .set({ days: sql`days + 100` })
      .where("journey_id", "=", B.journeyId)
      .execute();
    await db()
      .updateTable("insight_fresh")
      .set({ formula: KEPT_FORMULA - 1 })
      .where("journey_id", "=", B.journeyId)
      .execute();
    expect(await figures()).toEqual(computed);
    await refreshKeptInsights(db(), NOW);
    const mark = await db()
      .selectFrom("insight_fresh")
      .select("formula")
      .where("journey_id", "=", B.journeyId)
      .executeTakeFirstOrThrow();
    expect(mark.formula).toBe(KEPT_FORMULA);
    expect(await figures()).toEqual(computed);
  });

  it("go with their journey, and are all dropped when a person is deleted or a table emptied", async () => {
    const extra = await makeAccount({ csmId: maya.id, playbookId, startedOn: "2026-03-05" });
    await refreshKeptInsights(db(), NOW);
    const rowsOf = async (journeyId: string) =>
      (await db().selectFrom("insight_step_rows").select("key").where("journey_id", "=", journeyId).execute()).length +
      (await db().selectFrom("insight_delay_rows").select("side").where("journey_id", "=", journeyId).execute()).length;
    expect(await rowsOf(extra.journeyId)).toBeGreaterThan(0);
    await sql`delete from journeys where id = ${extra.journeyId}`.execute(db());
    expect(await rowsOf(extra.journeyId)).toBe(0);
    expect(await db().selectFrom("insight_fresh").where("journey_id", "=", extra.journeyId).execute()).toEqual([]);

    // A person deleted: the steps they owned lose their owner, so every mark goes (and the delete works).
    const gone = await makeStaff({ role: "csm", name: "Kept Leaver" });
    await refreshKeptInsights(db(), NOW);
    await sql`delete from users where id = ${gone.id}`.execute(db());
    expect(await marked()).toEqual([]);

    // TRUNCATE fires no row trigger: its own drops every mark (rolled back, the table is shared).
    await refreshKeptInsights(db(), NOW);
    let leftInside: unknown[] | null = null;
    const rolledBack = new Error("roll back");
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await sql`truncate stage_transitions`.execute(trx);
          leftInside = await trx.selectFrom("insight_fresh").select("journey_id").execute();
          throw rolledBack;
        }),
    ).rejects.toBe(rolledBack);
    expect(leftInside).toEqual([]);
    expect(await marked()).toEqual(ids().sort());
  });
});
