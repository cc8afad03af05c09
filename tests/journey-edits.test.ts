// Issue 10 §4: due dates in calendar or business days, and the staff's edits to
// one account's journey (a milestone added to it alone, a milestone marked not
// applicable), on the domain functions with fixed dates and over HTTP.
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runNudgeSweep } from "~/modules/email/run-nudge-sweep.server";
import { addMilestone } from "~/modules/journeys/add-milestone.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { dueDateFor } from "~/modules/journeys/due-date";
import { getJourney, nextSteps } from "~/modules/journeys/get-journey.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import { markApplicableAgain, markNotApplicable } from "~/modules/journeys/mark-not-applicable.server";
import { reopenMilestone } from "~/modules/journeys/reopen-milestone.server";
import { addDays } from "~/utils/dates";
import type { NudgeRules } from "~/utils/env.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import {
  db,
  makeAccount,
  makePlaybook,
  makeStaff,
  milestoneSeed,
  sessionCookie,
  smallPlaybook,
  type TestAccount,
} from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

const T0 = new Date("2026-03-02T10:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

describe("due dates from the start date and the offset", () => {
  it("counts calendar days as every day", () => {
    expect(dueDateFor("2026-03-06", 1, "calendar")).toBe("2026-03-07");
    expect(dueDateFor("2026-02-27", 2, "calendar")).toBe("2026-03-01");
    expect(dueDateFor("2026-03-06", -6, "calendar")).toBe("2026-02-28");
  });

  it("counts business days Monday to Friday, skipping weekends", () => {
    // 2026-03-06 is a Friday, 03-07 a Saturday, 03-08 a Sunday.
    expect(dueDateFor("2026-03-06", 1, "business")).toBe("2026-03-09");
    expect(dueDateFor("2026-03-02", 4, "business")).toBe("2026-03-06");
    expect(dueDateFor("2026-03-02", 5, "business")).toBe("2026-03-09");
    expect(dueDateFor("2026-03-04", 3, "business")).toBe("2026-03-09");
    expect(dueDateFor("2026-03-02", 10, "business")).toBe("2026-03-16");
    // A weekend start: +1 is the Monday after, 0 moves to that Monday.
    expect(dueDateFor("2026-03-07", 1, "business")).toBe("2026-03-09");
    expect(dueDateFor("2026-03-08", 2, "business")).toBe("2026-03-10");
    expect(dueDateFor("2026-03-07", 0, "business")).toBe("2026-03-09");
    expect(dueDateFor("2026-03-04", 0, "business")).toBe("2026-03-04");
    // Backwards: -1 from a Monday is the Friday before.
    expect(dueDateFor("2026-03-09", -1, "business")).toBe("2026-03-06");
    expect(dueDateFor("2026-03-08", -1, "business")).toBe("2026-03-06");
  });

  it("never lands on a weekend and moves one weekday per business day", () => {
    for (let s = 0; s < 14; s++) {
      const start = addDays("2026-03-02", s);
      for (let n = 1; n <= 30; n++) {
        const due = dueDateFor(start, n, "business");
        const before = dueDateFor(start, n - 1, "business");
        const dow = new Date(`${due}T00:00:00Z`).getUTCDay();
        expect(dow === 0 || dow === 6, `${start} +${n}`).toBe(false);
        // Between consecutive offsets lie only weekend days.
        for (let d = addDays(before, 1); d < due; d = addDays(d, 1)) {
          expect([0, 6], `${start} +${n}`).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
        }
      }
    }
  });

  it("agrees with the database's add_business_days, which journeys use", async () => {
    const cases: { start: string; n: number }[] = [];
    for (let s = 0; s < 14; s++) for (let n = -12; n <= 25; n++) cases.push({ start: addDays("2026-03-02", s), n });
    const { rows } = await sql<{ start: string; n: number; due: string }>`
      select c.start, c.n, add_business_days(c.start::date, c.n)::text as due
      from jsonb_to_recordset(${JSON.stringify(cases)}::jsonb) as c(start text, n int)`.execute(db());
    expect(rows).toHaveLength(cases.length);
    for (const r of rows) expect(r.due, `${r.start} ${r.n}`).toBe(dueDateFor(r.start, r.n, "business"));
  });

  it("starts a journey with each milestone due by its own kind of offset", async () => {
    const csm = await makeStaff();
    const seed = smallPlaybook();
    seed.stages[0].milestones = [
      { ...milestoneSeed("Calendar step", "customer", "customer", 1, true) },
      { ...milestoneSeed("Business step", "vendor", "csm", 1, true), dueOffsetKind: "business" as const },
      { ...milestoneSeed("Two weeks of work", "vendor", "csm", 10, true), dueOffsetKind: "business" as const },
    ];
    // Friday 6 March in Tokyo: the account's own calendar date decides the weekday.
    const acct = await makeAccount({
      csmId: csm.id,
      playbookId: await makePlaybook(seed),
      startedOn: "2026-03-06",
      timezone: "Asia/Tokyo",
    });
    const view = (await getJourney(db(), { id: csm.id, role: "csm", accountId: null }, acct.accountId, T0))!;
    const due = Object.fromEntries(view.stages[0].milestones.map((m) => [m.title, m.dueOn]));
    expect(due).toEqual({
      "Calendar step": "2026-03-07",
      "Business step": "2026-03-09",
      "Two weeks of work": "2026-03-20",
    });
  });
});

let csm: { id: string; name: string };
let csmActor: { id: string; role: "csm"; accountId: null };
let acct: TestAccount;
let customer: { id: string; role: "customer"; accountId: string };
let playbookId: string;

beforeEach(async () => {
  csm = await makeStaff({ name: "Casey CSM" });
  csmActor = { id: csm.id, role: "csm", accountId: null };
  playbookId = await makePlaybook();
  acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
  customer = { id: acct.contacts[0].id, role: "customer", accountId: acct.accountId };
});

const milestone = (id: string) =>
  db()
    .selectFrom("journey_milestones")
    .select(["status", "not_applicable_reason"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const journeyRow = (id: string) =>
  db()
    .selectFrom("journeys")
    .select(["current_stage_position", "completed_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const stageEmails = (accountId: string) =>
  db()
    .selectFrom("email_outbox")
    .select(["kind", "payload"])
    .where("account_id", "=", accountId)
    .where("kind", "=", "stage_entered_customer")
    .execute();

describe("marking a milestone not applicable", () => {
  it("closes it with its reason, moves the journey on, and shows it as not needed", async () => {
    await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
    expect((await journeyRow(acct.journeyId)).current_stage_position).toBe(1);

    // "Sales handoff" was the last open required step of Purchase.
    const r = await markNotApplicable(db(), csmActor, acct.m["Sales handoff"], "Signed through a reseller", at(2));
    expect(r.changed).toBe(true);
    expect(r.entered.map((e) => e.stageName)).toEqual(["Onboarding"]);
    expect(await milestone(acct.m["Sales handoff"])).toEqual({
      status: "not_applicable",
      not_applicable_reason: "Signed through a reseller",
    });
    expect((await journeyRow(acct.journeyId)).current_stage_position).toBe(2);
    // The stage email goes out, and does not list the step as work.
    const emails = await stageEmails(acct.accountId);
    expect(emails.length).toBeGreaterThan(0);
    const titles = (emails[0].payload as { milestones: { title: string }[] }).milestones.map((m) => m.title);
    expect(titles).toEqual(["Kickoff", "Set up SSO"]);

    const view = (await getJourney(db(), customer, acct.accountId, at(10)))!;
    const handoff = view.stages[0].milestones.find((m) => m.title === "Sales handoff")!;
    expect(handoff).toMatchObject({ status: "not_applicable", notApplicableReason: "Signed through a reseller" });
    expect(handoff.dueState).toBeNull(); // due 03-04, but never overdue
    expect(view.progress).toEqual({ done: 2, total: 8, percent: 25 });

    const timeline = await getTimeline(db(), csmActor, acct.accountId);
    expect(timeline[0]).toMatchObject({ kind: "stage_entered", stageName: "Onboarding" });
    expect(timeline[1]).toMatchObject({
      kind: "not_applicable",
      actorName: "Casey CSM",
      milestoneTitle: "Sales handoff",
      data: { reason: "Signed through a reseller" },
    });
  });

  it("leaves it out of the customer's next steps and of nudges", async () => {
    const rules: NudgeRules = { startHour: 0, endHour: 24, firstDay: 1, lastDay: 7, escalationDays: 5 };
    // Every milestone far off but Sign contract, overdue by the sweep's time.
    await db()
      .updateTable("journey_milestones")
      .set({ due_on: "2027-01-01" })
      .where("journey_id", "=", acct.journeyId)
      .where("id", "<>", acct.m["Sign contract"])
      .execute();
    await markNotApplicable(db(), csmActor, acct.m["Sign contract"], "Contract is the parent company's", at(1));
    const view = (await getJourney(db(), customer, acct.accountId, at(2)))!;
    expect(nextSteps(view, "customer").map((m) => m.title)).toEqual(["Optional intro"]);
    const nudged = () =>
      db()
        .selectFrom("nudged_milestones")
        .select("user_id")
        .where("milestone_id", "=", acct.m["Sign contract"])
        .execute();
    await runNudgeSweep(db(), at(2), rules);
    expect(await nudged()).toEqual([]);
    // Brought back, the same step is nudged.
    await markApplicableAgain(db(), csmActor, acct.m["Sign contract"], at(2.5));
    await runNudgeSweep(db(), at(3), rules);
    expect((await nudged()).map((n) => n.user_id)).toContain(customer.id);
  });

  it("can be undone without moving the journey back, and both are recorded", async () => {
    await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
    await markNotApplicable(db(), csmActor, acct.m["Sales handoff"], "Reseller deal", at(2));
    const r = await markApplicableAgain(db(), csmActor, acct.m["Sales handoff"], at(3));
    expect(r.changed).toBe(true);
    expect(await milestone(acct.m["Sales handoff"])).toEqual({ status: "open", not_applicable_reason: null });
    expect((await journeyRow(acct.journeyId)).current_stage_position).toBe(2);
    const kinds = (await getTimeline(db(), csmActor, acct.accountId)).map((e) => e.kind);
    expect(kinds.slice(0, 3)).toEqual(["applicable_again", "stage_entered", "not_applicable"]);
    // Bringing back a step that applies already changes nothing.
    expect((await markApplicableAgain(db(), csmActor, acct.m["Sales handoff"], at(4))).changed).toBe(false);
  });

  it("is staff-only, not for a done step, and a not-needed step cannot be completed or reopened", async () => {
    await expect(markNotApplicable(db(), customer, acct.m["Sign contract"], "No", at(1))).rejects.toThrow(
      ForbiddenError,
    );
    const otherCsm = await makeStaff();
    await expect(
      markNotApplicable(db(), { id: otherCsm.id, role: "csm", accountId: null }, acct.m["Sign contract"], "x", at(1)),
    ).rejects.toThrow(NotFoundError);

    await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
    await expect(markNotApplicable(db(), csmActor, acct.m["Sign contract"], "Too late", at(2))).rejects.toThrow(
      InputError,
    );
    expect((await milestone(acct.m["Sign contract"])).status).toBe("done");

    await markNotApplicable(db(), csmActor, acct.m["Set up SSO"], "No SSO on their plan", at(2));
    await expect(completeMilestone(db(), customer, acct.m["Set up SSO"], at(3))).rejects.toThrow(ForbiddenError);
    expect((await reopenMilestone(db(), csmActor, acct.m["Set up SSO"], at(3))).changed).toBe(false);
    expect((await milestone(acct.m["Set up SSO"])).status).toBe("not_applicable");
  });
});

const addInput = (stageId: string, ownerId: string, over: Partial<Parameters<typeof addMilestone>[3]> = {}) => ({
  title: "Security review",
  stageId,
  ownerId,
  dueOn: "2026-03-20",
  required: true,
  ...over,
});

async function stageIds(journeyId: string) {
  const rows = await db()
    .selectFrom("journey_stages")
    .select(["id", "name"])
    .where("journey_id", "=", journeyId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}

describe("adding a milestone to one journey", () => {
  it("adds it to this journey only, last in its stage, and records it", async () => {
    const other = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const stages = await stageIds(acct.journeyId);
    const { milestoneId } = await addMilestone(
      db(),
      csmActor,
      acct.accountId,
      addInput(stages.Onboarding, acct.contacts[1].id),
      at(1),
    );

    const view = (await getJourney(db(), customer, acct.accountId, at(1)))!;
    const onboarding = view.stages.find((s) => s.name === "Onboarding")!;
    expect(onboarding.milestones.map((m) => m.title)).toEqual(["Kickoff", "Set up SSO", "Security review"]);
    // The customer sees it like any other step: theirs, with its date.
    expect(onboarding.milestones[2]).toMatchObject({
      id: milestoneId,
      ownerSide: "customer",
      ownerUserId: acct.contacts[1].id,
      dueOn: "2026-03-20",
      required: true,
      status: "open",
    });

    const otherView = (await getJourney(db(), csmActor, other.accountId, at(1)))!;
    expect(otherView.stages.flatMap((s) => s.milestones).map((m) => m.title)).not.toContain("Security review");
    const inPlaybook = await db()
      .selectFrom("playbook_milestones")
      .select("id")
      .where("title", "=", "Security review")
      .execute();
    expect(inPlaybook).toEqual([]);

    const [added] = await getTimeline(db(), csmActor, acct.accountId);
    expect(added).toMatchObject({
      kind: "added",
      actorName: "Casey CSM",
      milestoneTitle: "Security review",
      data: { stage: "Onboarding", dueOn: "2026-03-20", required: true },
    });
  });

  it("a required step holds its stage; an optional one does not", async () => {
    const stages = await stageIds(acct.journeyId);
    await addMilestone(db(), csmActor, acct.accountId, addInput(stages.Purchase, csm.id), at(1));
    await addMilestone(
      db(),
      csmActor,
      acct.accountId,
      addInput(stages.Purchase, csm.id, { title: "Nice to have", required: false }),
      at(1),
    );
    await completeMilestone(db(), customer, acct.m["Sign contract"], at(2));
    await completeMilestone(db(), csmActor, acct.m["Sales handoff"], at(2));
    expect((await journeyRow(acct.journeyId)).current_stage_position).toBe(1);
    const view = (await getJourney(db(), csmActor, acct.accountId, at(2)))!;
    const review = view.stages[0].milestones.find((m) => m.title === "Security review")!;
    expect(review).toMatchObject({ ownerSide: "vendor", ownerName: "Casey CSM" });
    await completeMilestone(db(), csmActor, review.id, at(3));
    expect((await journeyRow(acct.journeyId)).current_stage_position).toBe(2);
  });

  it("refuses a stage already done, another account's stage or contact, customers and other CSMs", async () => {
    const other = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const stages = await stageIds(acct.journeyId);
    const otherStages = await stageIds(other.journeyId);
    await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
    await completeMilestone(db(), csmActor, acct.m["Sales handoff"], at(1));

    const refused = async (p: Promise<unknown>, field: string) => {
      const e = await p.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe(field);
    };
    await refused(addMilestone(db(), csmActor, acct.accountId, addInput(stages.Purchase, csm.id), at(2)), "stageId");
    await refused(
      addMilestone(db(), csmActor, acct.accountId, addInput(otherStages.Onboarding, csm.id), at(2)),
      "stageId",
    );
    await refused(
      addMilestone(db(), csmActor, acct.accountId, addInput(stages.Onboarding, other.contacts[0].id), at(2)),
      "ownerId",
    );
    await expect(
      addMilestone(db(), customer, acct.accountId, addInput(stages.Onboarding, customer.id), at(2)),
    ).rejects.toThrow(ForbiddenError);
    const otherCsm = await makeStaff();
    await expect(
      addMilestone(
        db(),
        { id: otherCsm.id, role: "csm", accountId: null },
        acct.accountId,
        addInput(stages.Onboarding, csm.id),
        at(2),
      ),
    ).rejects.toThrow(NotFoundError);
    const count = await db()
      .selectFrom("journey_milestones")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("journey_id", "=", acct.journeyId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(8);
  });
});

describe("over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("the CSM marks a step not applicable and brings it back on the account page; the customer cannot", async () => {
    const page = `/csm/accounts/${acct.accountId}`;
    const cookie = await sessionCookie(csm.id);
    const empty = await server.post(
      page,
      { intent: "not_applicable", milestoneId: acct.m["Set up SSO"], reason: "  " },
      { cookie },
    );
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Say why this step does not apply.");
    expect((await milestone(acct.m["Set up SSO"])).status).toBe("open");

    const ok = await server.post(
      page,
      { intent: "not_applicable", milestoneId: acct.m["Set up SSO"], reason: "No SSO on their plan" },
      { cookie },
    );
    expect(ok.status).toBe(200);
    expect(await milestone(acct.m["Set up SSO"])).toEqual({
      status: "not_applicable",
      not_applicable_reason: "No SSO on their plan",
    });
    const html = await (await server.get(page, cookie)).text();
    expect(html).toContain("marked &quot;Set up SSO&quot; not applicable: No SSO on their plan");

    const customerCookie = await sessionCookie(customer.id);
    // The step sits in a later stage, which the customer's page shows as one line until it is opened.
    const folded = await (await server.get("/journey", customerCookie)).text();
    expect(folded).not.toContain("No SSO on their plan");
    const journey = await (await server.get("/journey?stage=2", customerCookie)).text();
    expect(journey).toContain("Not needed");
    expect(journey).toContain("No SSO on their plan");
    const refused = await server.post(
      "/journey",
      { intent: "applicable", milestoneId: acct.m["Set up SSO"] },
      { cookie: customerCookie },
    );
    expect(refused.status).toBe(403);
    expect((await milestone(acct.m["Set up SSO"])).status).toBe("not_applicable");

    const back = await server.post(page, { intent: "applicable", milestoneId: acct.m["Set up SSO"] }, { cookie });
    expect(back.status).toBe(200);
    expect((await milestone(acct.m["Set up SSO"])).status).toBe("open");
  });

  it("the CSM adds a step; bad input is a 400 with its message and writes nothing", async () => {
    const path = `/csm/accounts/${acct.accountId}/milestones`;
    const cookie = await sessionCookie(csm.id);
    const stages = await stageIds(acct.journeyId);
    const body = { title: "Data migration", stageId: stages.Onboarding, ownerId: csm.id, dueOn: "2026-03-25" };

    const noTitle = await server.post(path, { ...body, title: "" }, { cookie });
    expect(noTitle.status).toBe(400);
    expect(await noTitle.json()).toMatchObject({ ok: false, fieldErrors: { title: "Give the step a title." } });
    const badDate = await server.post(path, { ...body, dueOn: "2026-02-30" }, { cookie });
    expect(badDate.status).toBe(400);
    expect(await badDate.json()).toMatchObject({ fieldErrors: { dueOn: "Enter a date as YYYY-MM-DD." } });

    const ok = await server.post(path, body, { cookie });
    expect(ok.status).toBe(200);
    const rows = await db()
      .selectFrom("journey_milestones")
      .select(["title", "required", "owner_side"])
      .where("journey_id", "=", acct.journeyId)
      .where("added_by", "=", csm.id)
      .execute();
    // Unticked, the box is absent from the form: an optional step.
    expect(rows).toEqual([{ title: "Data migration", required: false, owner_side: "vendor" }]);
    const html = await (await server.get(`/csm/accounts/${acct.accountId}`, cookie)).text();
    expect(html).toContain("added &quot;Data migration&quot; to Onboarding, due Mar 25, 2026");
  });
});
