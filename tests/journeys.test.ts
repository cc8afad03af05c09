// The journey rules, tested on the domain functions against Postgres.
import { beforeEach, describe, expect, it } from "vitest";
import { addMilestoneNote } from "~/modules/journeys/add-milestone-note.server";
import { changeMilestoneDueDate } from "~/modules/journeys/change-milestone-due-date.server";
import { changeMilestoneOwner } from "~/modules/journeys/change-milestone-owner.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { getJourney, nextSteps } from "~/modules/journeys/get-journey.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import { reopenMilestone } from "~/modules/journeys/reopen-milestone.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff, type TestAccount } from "./factories";

const T0 = new Date("2026-03-02T10:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

let csm: { id: string; role: "csm" };
let acct: TestAccount;
let customer: { id: string; role: "customer"; accountId: string };
let csmActor: { id: string; role: "csm"; accountId: null };

async function stagePosition(journeyId: string) {
  const j = await db()
    .selectFrom("journeys")
    .select(["current_stage_position", "completed_at"])
    .where("id", "=", journeyId)
    .executeTakeFirstOrThrow();
  return j;
}

async function transitions(journeyId: string) {
  return db()
    .selectFrom("stage_transitions as t")
    .innerJoin("journey_stages as s", "s.id", "t.stage_id")
    .select(["s.name", "t.entered_at", "t.cause_event_id"])
    .where("t.journey_id", "=", journeyId)
    .orderBy("s.position")
    .execute();
}

beforeEach(async () => {
  const staff = await makeStaff({ name: "Casey CSM" });
  await makeStaff({ name: "Olive Onboarding", fn: "onboarding" });
  csm = { id: staff.id, role: "csm" };
  csmActor = { id: staff.id, role: "csm", accountId: null };
  acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), now: T0 });
  customer = { id: acct.contacts[0].id, role: "customer", accountId: acct.accountId };
});

describe("starting a journey", () => {
  it("enters the first stage once, with owners and due dates from the playbook", async () => {
    expect((await stagePosition(acct.journeyId)).current_stage_position).toBe(1);
    expect((await transitions(acct.journeyId)).map((t) => t.name)).toEqual(["Purchase"]);
    const view = (await getJourney(db(), csmActor, acct.accountId, T0))!;
    const sign = view.stages[0].milestones.find((m) => m.title === "Sign contract")!;
    expect(sign.ownerUserId).toBe(acct.contacts[0].id);
    expect(sign.dueOn).toBe("2026-03-02");
    const handoff = view.stages[0].milestones.find((m) => m.title === "Sales handoff")!;
    expect(handoff.ownerName).toBe("Casey CSM");
    expect(handoff.dueOn).toBe("2026-03-04");
    const kickoff = view.stages[1].milestones.find((m) => m.title === "Kickoff")!;
    expect(kickoff.ownerName).toBe("Olive Onboarding");
    expect(kickoff.ownerRoleLabel).toBe("Onboarding specialist");
    expect(kickoff.resources).toHaveLength(1);
  });

  it("is a snapshot: editing the playbook later does not rewrite it", async () => {
    await db().updateTable("playbook_milestones").set({ title: "Renamed in playbook" }).execute();
    const view = (await getJourney(db(), csmActor, acct.accountId, T0))!;
    expect(view.stages[0].milestones.map((m) => m.title)).toContain("Sign contract");
  });
});

describe("completing milestones", () => {
  it("records who and when, and moves on only when the stage's required milestones are done", async () => {
    await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
    const m = await db()
      .selectFrom("journey_milestones")
      .selectAll()
      .where("id", "=", acct.m["Sign contract"])
      .executeTakeFirstOrThrow();
    expect(m.status).toBe("done");
    expect(m.completed_by).toBe(customer.id);
    expect(m.completed_at?.toISOString()).toBe(at(1).toISOString());
    expect((await stagePosition(acct.journeyId)).current_stage_position).toBe(1);

    const result = await completeMilestone(db(), csmActor, acct.m["Sales handoff"], at(2));
    expect(result.entered.map((e) => e.stageName)).toEqual(["Onboarding"]);
    expect((await stagePosition(acct.journeyId)).current_stage_position).toBe(2);
    const t = await transitions(acct.journeyId);
    expect(t.map((x) => x.name)).toEqual(["Purchase", "Onboarding"]);
    expect(t[1].entered_at.toISOString()).toBe(at(2).toISOString());
    expect(t[1].cause_event_id).not.toBeNull();
  });

  it("the optional milestone does not hold the stage back", async () => {
    await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
    await completeMilestone(db(), csmActor, acct.m["Sales handoff"], at(1));
    const view = (await getJourney(db(), customer, acct.accountId, at(1)))!;
    expect(view.currentStage.name).toBe("Onboarding");
    expect(view.stages[0].milestones.find((m) => m.title === "Optional intro")!.status).toBe("open");
  });

  it("skips a stage with nothing required and records each stage entered", async () => {
    for (const t of ["Sign contract", "Sales handoff", "Kickoff", "Set up SSO"]) {
      await completeMilestone(
        db(),
        t === "Sign contract" || t === "Set up SSO" ? customer : csmActor,
        acct.m[t],
        at(5),
      );
    }
    expect((await stagePosition(acct.journeyId)).current_stage_position).toBe(4);
    expect((await transitions(acct.journeyId)).map((x) => x.name)).toEqual([
      "Purchase",
      "Onboarding",
      "Adoption",
      "Retention",
    ]);
  });

  it("marks the journey complete when every required milestone is done", async () => {
    for (const t of ["Sign contract", "Sales handoff", "Kickoff", "Set up SSO", "Health check", "Survey"]) {
      await completeMilestone(db(), csmActor, acct.m[t], at(100));
    }
    const j = await stagePosition(acct.journeyId);
    expect(j.completed_at?.toISOString()).toBe(at(100).toISOString());
    const view = (await getJourney(db(), csmActor, acct.accountId, at(100)))!;
    expect(view.stages.every((s) => s.state === "done")).toBe(true);
    expect(view.progress).toEqual({ done: 6, total: 8, percent: 75 });
  });

  it("completing a done milestone again changes nothing and records nothing", async () => {
    await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
    const again = await completeMilestone(db(), csmActor, acct.m["Sign contract"], at(2));
    expect(again.changed).toBe(false);
    const events = await db()
      .selectFrom("milestone_events")
      .select("kind")
      .where("milestone_id", "=", acct.m["Sign contract"])
      .execute();
    expect(events).toHaveLength(1);
  });
});

describe("reopening", () => {
  it("never moves the journey backwards, and is recorded", async () => {
    await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
    await completeMilestone(db(), csmActor, acct.m["Sales handoff"], at(2));
    await reopenMilestone(db(), csmActor, acct.m["Sales handoff"], at(3));
    expect((await stagePosition(acct.journeyId)).current_stage_position).toBe(2);
    const m = await db()
      .selectFrom("journey_milestones")
      .selectAll()
      .where("id", "=", acct.m["Sales handoff"])
      .executeTakeFirstOrThrow();
    expect(m.status).toBe("open");
    expect(m.completed_at).toBeNull();
    const timeline = await getTimeline(db(), csmActor, acct.accountId);
    expect(timeline[0]).toMatchObject({ kind: "reopened", milestoneTitle: "Sales handoff", actorName: "Casey CSM" });
    // Completing it again does not enter Onboarding a second time.
    await completeMilestone(db(), csmActor, acct.m["Sales handoff"], at(4));
    expect((await transitions(acct.journeyId)).map((x) => x.name)).toEqual(["Purchase", "Onboarding"]);
  });

  it("keeps the milestone events append-only", async () => {
    await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
    await expect(db().updateTable("milestone_events").set({ kind: "note" }).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom("milestone_events").execute()).rejects.toThrow(/append-only/);
  });
});

describe("who may change what", () => {
  it("customers change only their side's milestones", async () => {
    await expect(completeMilestone(db(), customer, acct.m["Sales handoff"], at(1))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      changeMilestoneDueDate(db(), customer, acct.m["Sign contract"], "2026-04-01", at(1)),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addMilestoneNote(db(), customer, acct.m["Sign contract"], "hi", at(1))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("another account's customer, an unassigned CSM and bad ids get not-found", async () => {
    const other = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), now: T0 });
    const stranger = { id: other.contacts[0].id, role: "customer" as const, accountId: other.accountId };
    const otherCsm = await makeStaff();
    await expect(completeMilestone(db(), stranger, acct.m["Sign contract"], at(1))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      completeMilestone(db(), { id: otherCsm.id, role: "csm", accountId: null }, acct.m["Sign contract"], at(1)),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(completeMilestone(db(), csmActor, "not-a-uuid", at(1))).rejects.toBeInstanceOf(NotFoundError);
    expect(await getJourney(db(), stranger, acct.accountId, at(1))).toBeNull();
    const admin = await makeStaff({ role: "admin" });
    await completeMilestone(db(), { id: admin.id, role: "admin", accountId: null }, acct.m["Sign contract"], at(1));
  });

  it("owners can be a contact of the account or staff, never another account's contact", async () => {
    const other = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), now: T0 });
    await expect(
      changeMilestoneOwner(db(), csmActor, acct.m["Sign contract"], other.contacts[0].id, at(1)),
    ).rejects.toBeInstanceOf(InputError);
    await changeMilestoneOwner(db(), csmActor, acct.m["Sign contract"], acct.contacts[1].id, at(1));
    await changeMilestoneDueDate(db(), csmActor, acct.m["Sign contract"], "2026-03-20", at(1));
    await addMilestoneNote(db(), csmActor, acct.m["Sign contract"], "Legal is reviewing", at(1));
    const timeline = await getTimeline(db(), csmActor, acct.accountId);
    expect(
      timeline
        .slice(0, 3)
        .map((e) => e.kind)
        .sort(),
    ).toEqual(["due_date_changed", "note", "owner_changed"]);
    const m = await db()
      .selectFrom("journey_milestones")
      .selectAll()
      .where("id", "=", acct.m["Sign contract"])
      .executeTakeFirstOrThrow();
    expect(m.owner_user_id).toBe(acct.contacts[1].id);
    expect(m.due_on).toBe("2026-03-20");
  });
});

describe("the customer's view", () => {
  it("shows progress, overdue marks and next steps soonest first", async () => {
    const now = new Date("2026-03-05T12:00:00Z"); // Sign contract (due 03-02) is overdue
    const view = (await getJourney(db(), customer, acct.accountId, now))!;
    expect(view.progress).toEqual({ done: 0, total: 8, percent: 0 });
    expect(view.journey.daysSinceStart).toBe(3);
    const sign = view.stages[0].milestones.find((m) => m.title === "Sign contract")!;
    expect(sign.dueState).toBe("overdue");
    const intro = view.stages[0].milestones.find((m) => m.title === "Optional intro")!;
    expect(intro.dueState).toBe("due-soon");
    // Only the customer's side, only reached stages.
    expect(nextSteps(view, "customer").map((m) => m.title)).toEqual(["Sign contract", "Optional intro"]);
  });
});
