// Issue 12 §2: each account's success goals. Staff set and change them, every
// change is a goal event on the account's timeline, a step linked to a goal
// records its result when done, and nobody reaches another account's goals.
// On the domain functions with fixed dates, then over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/modules/accounts/access.server";
import { getGoalsPage } from "~/modules/goals/list-goals.server";
import { createGoal, linkGoalStep, updateGoal } from "~/modules/goals/save-goal.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { customerJourneyPage } from "~/modules/journeys/customer-journey-page.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

const T0 = new Date("2026-03-02T10:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

const GOAL = {
  title: "Faster month-end close",
  measure: "cut month-end reporting from 5 days to 1",
  targetOn: "2026-06-30",
  status: "on_track" as const,
  result: null,
};

let playbookId: string;
let csm: Actor;
let otherCsm: Actor;
let admin: Actor;
let viewer: Actor;
let a: TestAccount;
let b: TestAccount;
const customerOf = (acct: TestAccount): Actor => ({
  id: acct.contacts[0].id,
  role: "customer",
  accountId: acct.accountId,
});

const goalRow = (goalId: string) =>
  db().selectFrom("account_goals").selectAll().where("id", "=", goalId).executeTakeFirstOrThrow();
const eventsOf = (goalId: string) =>
  db()
    .selectFrom("goal_events")
    .select(["kind", "actor_id", "at", "data"])
    .where("goal_id", "=", goalId)
    .orderBy("id")
    .execute();
const goalCount = async (accountId: string) =>
  Number(
    (
      await db()
        .selectFrom("account_goals")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("account_id", "=", accountId)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  playbookId = await makePlaybook();
  const staff = await makeStaff();
  const other = await makeStaff();
  csm = { id: staff.id, role: "csm", accountId: null };
  otherCsm = { id: other.id, role: "csm", accountId: null };
  admin = { id: (await makeStaff({ role: "admin" })).id, role: "admin", accountId: null };
  viewer = { id: (await makeStaff({ role: "viewer", fn: null })).id, role: "viewer", accountId: null };
  a = await makeAccount({ csmId: staff.id, playbookId, now: T0 });
  b = await makeAccount({ csmId: other.id, playbookId, now: T0 });
});

describe("creating and changing a goal", () => {
  it("creates a goal with a 'created' event naming who and when", async () => {
    const { goalId } = await createGoal(db(), csm, { accountId: a.accountId, ...GOAL }, at(1));
    const g = await goalRow(goalId);
    expect(g).toMatchObject({
      account_id: a.accountId,
      title: GOAL.title,
      measure: GOAL.measure,
      target_on: "2026-06-30",
      status: "on_track",
      result: null,
      created_by: csm.id,
    });
    const events = await eventsOf(goalId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "created", actor_id: csm.id, at: at(1) });
    expect(events[0].data).toMatchObject({ title: GOAL.title, status: "on_track", targetOn: "2026-06-30" });
  });

  it("updates the status, then records the result, each change an event", async () => {
    const { goalId } = await createGoal(db(), csm, { accountId: a.accountId, ...GOAL, title: "Fewer tickets" }, at(1));
    const first = await updateGoal(
      db(),
      admin,
      { accountId: a.accountId, goalId, ...GOAL, title: "Fewer tickets", status: "at_risk" },
      at(2),
    );
    expect(first.changed).toEqual(["status"]);
    expect((await goalRow(goalId)).status).toBe("at_risk");

    const second = await updateGoal(
      db(),
      csm,
      {
        accountId: a.accountId,
        goalId,
        ...GOAL,
        title: "Fewer support tickets",
        status: "achieved",
        result: "Tickets fell from 40 to 9 a week in May.",
      },
      at(3),
    );
    expect(second.changed).toEqual(["title", "status", "result"]);
    const g = await goalRow(goalId);
    expect(g).toMatchObject({
      title: "Fewer support tickets",
      status: "achieved",
      result: "Tickets fell from 40 to 9 a week in May.",
      result_by: csm.id,
    });
    expect(g.result_at).toEqual(at(3));
    const kinds = (await eventsOf(goalId)).map((e) => [e.kind, e.actor_id]);
    expect(kinds).toEqual([
      ["created", csm.id],
      ["status_changed", admin.id],
      ["edited", csm.id],
      ["status_changed", csm.id],
      ["result_recorded", csm.id],
    ]);

    // Saving the same values changes nothing and records nothing.
    const same = await updateGoal(
      db(),
      csm,
      {
        accountId: a.accountId,
        goalId,
        ...GOAL,
        title: "Fewer support tickets",
        status: "achieved",
        result: "Tickets fell from 40 to 9 a week in May.",
      },
      at(4),
    );
    expect(same.changed).toEqual([]);
    expect(await eventsOf(goalId)).toHaveLength(5);
  });

  it("refuses a result on a goal that is not over, and saves nothing", async () => {
    const before = await goalCount(a.accountId);
    await expect(
      createGoal(db(), csm, { accountId: a.accountId, ...GOAL, result: "Too early" }, at(1)),
    ).rejects.toMatchObject({ field: "result" });
    expect(await goalCount(a.accountId)).toBe(before);

    const { goalId } = await createGoal(db(), csm, { accountId: a.accountId, ...GOAL }, at(1));
    const events = (await eventsOf(goalId)).length;
    await expect(
      updateGoal(db(), csm, { accountId: a.accountId, goalId, ...GOAL, title: "Renamed", result: "x" }, at(2)),
    ).rejects.toBeInstanceOf(InputError);
    expect((await goalRow(goalId)).title).toBe(GOAL.title);
    expect(await eventsOf(goalId)).toHaveLength(events);
  });

  it("shows goal events on the account's timeline", async () => {
    const { goalId } = await createGoal(db(), csm, { accountId: a.accountId, ...GOAL, title: "Timeline goal" }, at(5));
    await updateGoal(
      db(),
      csm,
      {
        accountId: a.accountId,
        goalId,
        ...GOAL,
        title: "Timeline goal",
        status: "missed",
        result: "Slipped a quarter",
      },
      at(6),
    );
    const timeline = await getTimeline(db(), csm, a.accountId);
    const mine = timeline.filter((e) => e.data.title === "Timeline goal");
    // Newest first; the status and the result changed at the same moment.
    expect(
      mine
        .map((e) => e.kind)
        .slice(0, 2)
        .sort(),
    ).toEqual(["goal_result_recorded", "goal_status_changed"]);
    expect(mine.map((e) => e.kind).slice(2)).toEqual(["goal_created"]);
    expect(mine[0].actorName).not.toBeNull();
    // Another CSM's view of the timeline holds nothing of account a.
    expect(await getTimeline(db(), otherCsm, a.accountId)).toEqual([]);
  });
});

describe("who may touch which goals", () => {
  it("refuses staff outside the account with NotFound, a viewer with Forbidden, a customer with NotFound", async () => {
    const { goalId } = await createGoal(db(), csm, { accountId: a.accountId, ...GOAL, title: "Guarded" }, at(1));
    const before = await eventsOf(goalId);
    const edit = (actor: Actor) =>
      updateGoal(db(), actor, { accountId: a.accountId, goalId, ...GOAL, title: "Hijacked" }, at(2));
    await expect(edit(otherCsm)).rejects.toBeInstanceOf(NotFoundError);
    await expect(edit(customerOf(a))).rejects.toBeInstanceOf(NotFoundError);
    await expect(edit(viewer)).rejects.toBeInstanceOf(ForbiddenError);
    // A goal of account a addressed through account b is not found, even for b's CSM.
    await expect(
      updateGoal(db(), otherCsm, { accountId: b.accountId, goalId, ...GOAL, title: "Hijacked" }, at(2)),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(createGoal(db(), otherCsm, { accountId: a.accountId, ...GOAL }, at(2))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(createGoal(db(), viewer, { accountId: a.accountId, ...GOAL }, at(2))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await goalRow(goalId)).title).toBe("Guarded");
    expect(await eventsOf(goalId)).toEqual(before);

    // Reading: the viewer and admin read, another CSM and a customer do not.
    expect((await getGoalsPage(db(), viewer, a.accountId)).goals.some((g) => g.id === goalId)).toBe(true);
    await expect(getGoalsPage(db(), otherCsm, a.accountId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getGoalsPage(db(), customerOf(a), a.accountId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("shows a customer their own account's goals and never another account's", async () => {
    await createGoal(db(), csm, { accountId: a.accountId, ...GOAL, title: "A's own goal" }, at(1));
    const { goalId: bGoal } = await createGoal(
      db(),
      otherCsm,
      { accountId: b.accountId, ...GOAL, title: "B's secret goal" },
      at(1),
    );
    const viewA = await getJourney(db(), customerOf(a), a.accountId, at(2));
    const pageA = customerJourneyPage(viewA!);
    expect(pageA.goals.map((g) => g.title)).toContain("A's own goal");
    expect(pageA.goals.map((g) => g.id)).not.toContain(bGoal);
    // Asking for account b as a's customer finds nothing at all.
    expect(await getJourney(db(), customerOf(a), b.accountId, at(2))).toBeNull();
    const viewB = await getJourney(db(), customerOf(b), b.accountId, at(2));
    expect(viewB!.goals.map((g) => g.title)).toEqual(["B's secret goal"]);
  });

  it("links only a step of the account's own journey", async () => {
    const { goalId } = await createGoal(db(), csm, { accountId: a.accountId, ...GOAL, title: "Linker" }, at(1));
    await expect(
      linkGoalStep(db(), csm, { accountId: a.accountId, goalId, milestoneId: b.m.Survey }, at(2)),
    ).rejects.toMatchObject({ field: "milestoneId" });
    const row = await db()
      .selectFrom("journey_milestones")
      .select("goal_id")
      .where("id", "=", b.m.Survey)
      .executeTakeFirstOrThrow();
    expect(row.goal_id).toBeNull();
  });
});

describe("a step linked to a goal", () => {
  it("records the result on the goal, achieved, when the customer completes the step", async () => {
    const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const { goalId } = await createGoal(db(), csm, { accountId: acct.accountId, ...GOAL }, at(1));
    await linkGoalStep(db(), csm, { accountId: acct.accountId, goalId, milestoneId: acct.m["Sign contract"] }, at(2));
    const view = await getJourney(db(), customerOf(acct), acct.accountId, at(2));
    const step = view!.stages[0].milestones.find((m) => m.title === "Sign contract");
    expect(step!.goal).toEqual({ id: goalId, title: GOAL.title });

    const done = await completeMilestone(db(), customerOf(acct), acct.m["Sign contract"], at(3), {
      goalResult: "Reporting took 1 day in June.",
    });
    expect(done.goalTitle).toBe(GOAL.title);
    const g = await goalRow(goalId);
    expect(g).toMatchObject({
      status: "achieved",
      result: "Reporting took 1 day in June.",
      result_by: acct.contacts[0].id,
    });
    const kinds = (await eventsOf(goalId)).map((e) => e.kind);
    expect(kinds).toEqual(["created", "milestone_linked", "status_changed", "result_recorded"]);
  });

  it("marks the goal achieved without a result when none is given, as staff", async () => {
    const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const { goalId } = await createGoal(db(), csm, { accountId: acct.accountId, ...GOAL }, at(1));
    await linkGoalStep(db(), csm, { accountId: acct.accountId, goalId, milestoneId: acct.m["Sales handoff"] }, at(2));
    await completeMilestone(db(), csm, acct.m["Sales handoff"], at(3));
    expect(await goalRow(goalId)).toMatchObject({ status: "achieved", result: null });
  });

  it("keeps one step per goal: linking another unlinks the first, and both are events", async () => {
    const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const { goalId } = await createGoal(db(), csm, { accountId: acct.accountId, ...GOAL }, at(1));
    await linkGoalStep(db(), csm, { accountId: acct.accountId, goalId, milestoneId: acct.m.Kickoff }, at(2));
    await linkGoalStep(db(), csm, { accountId: acct.accountId, goalId, milestoneId: acct.m["Set up SSO"] }, at(3));
    const linked = await db().selectFrom("journey_milestones").select("title").where("goal_id", "=", goalId).execute();
    expect(linked.map((r) => r.title)).toEqual(["Set up SSO"]);
    expect((await eventsOf(goalId)).map((e) => e.kind)).toEqual([
      "created",
      "milestone_linked",
      "milestone_unlinked",
      "milestone_linked",
    ]);
    await linkGoalStep(db(), csm, { accountId: acct.accountId, goalId, milestoneId: null }, at(4));
    expect(await db().selectFrom("journey_milestones").select("id").where("goal_id", "=", goalId).execute()).toEqual(
      [],
    );
  });

  it("refuses goal events being edited or deleted", async () => {
    const { goalId } = await createGoal(db(), csm, { accountId: a.accountId, ...GOAL }, at(1));
    await expect(db().deleteFrom("goal_events").where("goal_id", "=", goalId).execute()).rejects.toThrow(/append-only/);
  });
});

describe("over HTTP", () => {
  let server: TestServer;
  let csmCookie: string;
  let customerCookie: string;
  let otherCustomerCookie: string;
  let acct: TestAccount;
  const path = () => `/csm/accounts/${acct.accountId}/goals`;

  beforeAll(async () => {
    server = await startTestServer();
    acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    csmCookie = await sessionCookie(csm.id);
    customerCookie = await sessionCookie(acct.contacts[0].id);
    otherCustomerCookie = await sessionCookie(b.contacts[0].id);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers bad input with 400 and a message beside each field, saving nothing", async () => {
    const bad = [
      [{ title: "", measure: "m", targetOn: "2026-06-30", status: "on_track" }, "title", "Give the goal a title."],
      [{ title: "Two\nlines", measure: "m", targetOn: "2026-06-30", status: "on_track" }, "title", "one line"],
      [{ title: "t".repeat(201), measure: "m", targetOn: "2026-06-30", status: "on_track" }, "title", "under 200"],
      [{ title: "T", measure: "m\u2028m", targetOn: "2026-06-30", status: "on_track" }, "measure", "one line"],
      [{ title: "T", measure: "m", targetOn: "2026-02-30", status: "on_track" }, "targetOn", "real date"],
      [{ title: "T", measure: "m", targetOn: "2026-06-30", status: "done" }, "status", "from the list"],
      [
        { title: "T", measure: "m", targetOn: "2026-06-30", status: "on_track", result: "early" },
        "result",
        "achieved or missed",
      ],
    ] as const;
    for (const [fields, field, words] of bad) {
      const res = await server.post(path(), { intent: "create", ...fields }, { cookie: csmCookie });
      expect(res.status, field).toBe(400);
      const html = await res.text();
      expect(html).toContain(`id="new-${field}-error"`);
      expect(html).toContain(words);
    }
    expect(await goalCount(acct.accountId)).toBe(0);
  });

  it("lets the CSM add a goal and record its result, and the customer reads both on /journey", async () => {
    const created = await server.post(
      path(),
      { intent: "create", title: "Faster close", measure: "5 days to 1", targetOn: "2026-06-30", status: "on_track" },
      { cookie: csmCookie },
    );
    expect(created.status).toBe(200);
    const [g] = await db().selectFrom("account_goals").select("id").where("account_id", "=", acct.accountId).execute();
    const saved = await server.post(
      path(),
      {
        intent: "update",
        goalId: g.id,
        title: "Faster close",
        measure: "5 days to 1",
        targetOn: "2026-06-30",
        status: "achieved",
        result: "Closed May in one day.",
      },
      { cookie: csmCookie },
    );
    expect(saved.status).toBe(200);
    const journey = await (await server.get("/journey", customerCookie)).text();
    expect(journey).toContain("Your goals");
    expect(journey).toContain("Faster close");
    expect(journey).toContain("Closed May in one day.");
    expect(journey).toContain("Achieved");
    // Another account's customer sees none of it.
    const other = await (await server.get("/journey", otherCustomerCookie)).text();
    expect(other).not.toContain("Closed May in one day.");
  });

  it("answers 404 for another account's goal, and for a customer", async () => {
    const { goalId } = await createGoal(db(), otherCsm, { accountId: b.accountId, ...GOAL, title: "B goal" }, at(1));
    const body = { intent: "update", goalId, ...GOAL, title: "Taken", result: "" };
    // Through account a's address: b's goal is not there.
    expect((await server.post(path(), body, { cookie: csmCookie })).status).toBe(404);
    // Through b's own address: a's CSM may not see b.
    expect((await server.post(`/csm/accounts/${b.accountId}/goals`, body, { cookie: csmCookie })).status).toBe(404);
    expect((await server.get(`/csm/accounts/${b.accountId}/goals`, csmCookie)).status).toBe(404);
    expect((await server.get(path(), customerCookie)).status).toBe(404);
    expect((await goalRow(goalId)).title).toBe("B goal");
  });

  it("asks for the result when the customer completes a linked step over HTTP", async () => {
    const { goalId } = await createGoal(db(), csm, { accountId: acct.accountId, ...GOAL, title: "Linked" }, at(1));
    await linkGoalStep(db(), csm, { accountId: acct.accountId, goalId, milestoneId: acct.m["Sign contract"] }, at(1));
    // React's server render separates text and values with empty comments.
    const page = (await (await server.get("/journey", customerCookie)).text()).replaceAll("<!-- -->", "");
    expect(page).toContain("This step reaches the goal &quot;Linked&quot;");
    const tooLong = await server.post(
      "/journey",
      { intent: "complete", milestoneId: acct.m["Sign contract"], result: "x".repeat(2001) },
      { cookie: customerCookie },
    );
    expect(tooLong.status).toBe(400);
    expect((await goalRow(goalId)).status).toBe("on_track");
    const res = await server.post(
      "/journey",
      { intent: "complete", milestoneId: acct.m["Sign contract"], result: "Signed in a week." },
      { cookie: customerCookie },
    );
    expect(res.status).toBe(200);
    expect(await goalRow(goalId)).toMatchObject({ status: "achieved", result: "Signed in a week." });
  });
});
