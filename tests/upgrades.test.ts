// Upgrading running journeys to a newer playbook version (issue 11 §4, ADR 036): choosing
// journeys, the per-journey preview, applying with events, and the rules: forward only,
// a repeat changes nothing, two upgrades at once agree, done work is kept.
import { beforeEach, describe, expect, it } from "vitest";
import { addMilestone } from "~/modules/journeys/add-milestone.server";
import { changeMilestoneDueDate } from "~/modules/journeys/change-milestone-due-date.server";
import { changeMilestoneOwner } from "~/modules/journeys/change-milestone-owner.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import { markNotApplicable } from "~/modules/journeys/mark-not-applicable.server";
import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import { type PlaybookDocumentInput, playbookDocumentSchema } from "~/modules/playbooks/playbook-document";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { applyJourneyUpgrades } from "~/modules/upgrades/apply-journey-upgrades.server";
import { chooseJourneys } from "~/modules/upgrades/choose-journeys.server";
import { getUpgrade } from "~/modules/upgrades/get-upgrade.server";
import { previewUpgrade } from "~/modules/upgrades/preview-upgrade.server";
import { runUpgrade } from "~/modules/upgrades/run-upgrade.server";
import { startUpgrade } from "~/modules/upgrades/start-upgrade.server";
import { ForbiddenError, InputError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff, milestoneSeed, smallPlaybook, type TestAccount } from "./factories";

const T0 = new Date("2026-03-02T10:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

let v1: PlaybookDocumentInput;
let playbookId: string;
let csm: { id: string; role: "csm"; accountId: null };
let admin: { id: string; role: "admin"; accountId: null };

/** Version 2: a new required step in Purchase (a stage journeys have passed), a new step in
 * Onboarding, Kickoff reworded, Set up SSO due two days later, Optional intro removed. */
function v2Of(doc: PlaybookDocumentInput): PlaybookDocumentInput {
  const stages = structuredClone(doc.stages);
  const [purchase, onboarding] = stages;
  purchase.milestones = purchase.milestones.filter((m) => m.title !== "Optional intro");
  purchase.milestones.push(milestoneSeed("Security review", "customer", "customer", 5, true));
  onboarding.milestones = onboarding.milestones.map((m) =>
    m.title === "Kickoff"
      ? { ...m, title: "Kickoff call", description: "Meet the team." }
      : m.title === "Set up SSO"
        ? { ...m, dueOffsetDays: 12 }
        : m,
  );
  onboarding.milestones.push(milestoneSeed("Invite your team", "customer", "customer", 14, true));
  return { ...doc, stages };
}

async function publish(doc: PlaybookDocumentInput, note: string, now = at(1)) {
  await importPlaybook(db(), playbookDocumentSchema.parse(doc));
  return publishPlaybook(db(), { playbookId, note, publishedBy: admin.id }, now);
}

async function steps(journeyId: string) {
  return db()
    .selectFrom("journey_milestones as m")
    .innerJoin("journey_stages as s", "s.id", "m.stage_id")
    .select(["m.id", "m.title", "m.status", "m.due_on", "m.completed_at", "m.owner_user_id", "s.name as stage"])
    .where("m.journey_id", "=", journeyId)
    .orderBy("s.position")
    .orderBy("m.position")
    .execute();
}

async function journey(journeyId: string) {
  return db()
    .selectFrom("journeys as j")
    .leftJoin("playbook_versions as v", "v.id", "j.playbook_version_id")
    .select(["j.current_stage_position", "v.number", "j.completed_at"])
    .where("j.id", "=", journeyId)
    .executeTakeFirstOrThrow();
}

async function upgradeEvents(journeyId: string) {
  return db()
    .selectFrom("milestone_events")
    .select(["kind", "milestone_id", "data"])
    .where("journey_id", "=", journeyId)
    .where("kind", "in", ["upgrade_added", "upgrade_changed", "upgrade_removed"])
    .execute();
}

beforeEach(async () => {
  const staff = await makeStaff({ name: "Casey CSM" });
  await makeStaff({ name: "Olive Onboarding", fn: "onboarding" });
  const adm = await makeStaff({ role: "admin", name: "Ada Admin" });
  csm = { id: staff.id, role: "csm", accountId: null };
  admin = { id: adm.id, role: "admin", accountId: null };
  v1 = smallPlaybook();
  playbookId = await makePlaybook(v1);
});

/** A journey in Onboarding with work of its own: the customer signed, the CSM changed things. */
async function workedJourney(): Promise<TestAccount> {
  const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
  const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
  await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
  await completeMilestone(db(), csm, acct.m["Sales handoff"], at(1));
  await changeMilestoneOwner(db(), csm, acct.m["Set up SSO"], acct.contacts[1].id, at(1));
  await changeMilestoneDueDate(db(), csm, acct.m.Kickoff, "2026-03-20", at(1));
  await markNotApplicable(db(), csm, acct.m["Try a feature"], "They use it already", at(1));
  const stage = await db()
    .selectFrom("journey_stages")
    .select("id")
    .where("journey_id", "=", acct.journeyId)
    .where("position", "=", 2)
    .executeTakeFirstOrThrow();
  await addMilestone(
    db(),
    csm,
    acct.accountId,
    { title: "Extra training", stageId: stage.id, ownerId: acct.contacts[0].id, dueOn: "2026-03-25", required: false },
    at(1),
  );
  return acct;
}

describe("choosing and previewing", () => {
  it("shows per journey what is added, removed, reworded and re-dated, and what is kept", async () => {
    const acct = await workedJourney();
    const { versionId } = await publish(v2Of(v1), "Security review and team invites");
    const preview = await previewUpgrade(db(), { playbookId, toVersionId: versionId, filter: {} });
    expect(preview.total).toBe(1);
    const plan = preview.journeys[0].plan;
    expect(preview.journeys[0].accountId).toBe(acct.accountId);
    expect(plan.fromNumber).toBe(1);
    expect(plan.toNumber).toBe(2);
    expect(plan.added.map((a) => [a.title, a.stageName, a.inPassedStage])).toEqual([
      ["Security review", "Purchase", true],
      ["Invite your team", "Onboarding", false],
    ]);
    expect(plan.removed.map((r) => [r.title, r.outcome])).toEqual([["Optional intro", "marked_not_needed"]]);
    const kickoff = plan.changed.find((c) => c.key === "kickoff")!;
    expect(kickoff.changes.map((c) => c.field)).toEqual(["title", "description"]);
    const sso = plan.changed.find((c) => c.key === "set-up-sso")!;
    expect(sso.changes).toEqual([{ field: "dueOffsetDays", from: 10, to: 12 }]);
    expect(sso.recountDue).toBe(true);
    expect(plan.kept.done).toEqual(["Sign contract", "Sales handoff"]);
    expect(plan.kept.addedHere).toEqual(["Extra training"]);
    expect(plan.kept.ownerChangedHere).toEqual(["Set up SSO"]);
    expect(plan.kept.dueChangedHere).toEqual(["Kickoff"]);
    expect(plan.kept.notApplicable).toEqual(["Try a feature"]);
  });

  it("chooses all journeys on a version, or those of one account, CSM or current stage", async () => {
    const other = await makeStaff();
    const a = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const b = await makeAccount({ csmId: other.id, playbookId, now: T0 });
    await completeMilestone(db(), { id: other.id, role: "csm", accountId: null }, b.m["Sales handoff"], at(1));
    await completeMilestone(
      db(),
      { id: b.contacts[0].id, role: "customer", accountId: b.accountId },
      b.m["Sign contract"],
      at(1),
    );
    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(await chooseJourneys(db(), { playbookId, toNumber: 2, filter: {} }))).toEqual(
      sorted([a.journeyId, b.journeyId]),
    );
    expect(
      await chooseJourneys(db(), { playbookId, toNumber: 2, filter: { fromVersion: 1, csmId: other.id } }),
    ).toEqual([b.journeyId]);
    expect(await chooseJourneys(db(), { playbookId, toNumber: 2, filter: { accountId: a.accountId } })).toEqual([
      a.journeyId,
    ]);
    expect(await chooseJourneys(db(), { playbookId, toNumber: 2, filter: { stageKey: "onboarding" } })).toEqual([
      b.journeyId,
    ]);
    // Journeys on the target version (or a newer one) are never chosen.
    expect(await chooseJourneys(db(), { playbookId, toNumber: 1, filter: {} })).toEqual([]);
  });
});

describe("applying", () => {
  it("adds, rewords, re-dates and retires open steps, keeps the journey's own work, and records it all", async () => {
    const acct = await workedJourney();
    const before = await steps(acct.journeyId);
    const { versionId } = await publish(v2Of(v1), "v2");
    const r = await applyJourneyUpgrades(
      db(),
      { journeyIds: [acct.journeyId], toVersionId: versionId, actorId: admin.id },
      at(3),
    );
    expect(r).toMatchObject({ upgraded: 1, milestonesAdded: 2, milestonesChanged: 2, milestonesRetired: 1 });

    const after = await steps(acct.journeyId);
    const byTitle = (t: string) => after.find((s) => s.title === t)!;
    // Done work is untouched.
    for (const t of ["Sign contract", "Sales handoff"]) {
      const was = before.find((s) => s.title === t)!;
      expect(byTitle(t)).toMatchObject({ status: "done", completed_at: was.completed_at });
    }
    // Reworded; its due date changed on this journey stays.
    expect(byTitle("Kickoff call")).toMatchObject({ status: "open", due_on: "2026-03-20" });
    // Re-dated from the journey's start (2 March + 12); its owner changed here stays.
    expect(byTitle("Set up SSO")).toMatchObject({ due_on: "2026-03-14", owner_user_id: acct.contacts[1].id });
    expect(byTitle("Optional intro")).toMatchObject({ status: "not_applicable" });
    expect(byTitle("Try a feature")).toMatchObject({ status: "not_applicable" });
    expect(byTitle("Extra training")).toMatchObject({ status: "open", stage: "Onboarding" });
    expect(byTitle("Security review")).toMatchObject({ status: "open", stage: "Purchase", due_on: "2026-03-07" });
    expect(byTitle("Invite your team")).toMatchObject({ status: "open", stage: "Onboarding" });
    // The version's order within a stage; steps added here follow.
    expect(after.filter((s) => s.stage === "Onboarding").map((s) => s.title)).toEqual([
      "Kickoff call",
      "Set up SSO",
      "Invite your team",
      "Extra training",
    ]);

    expect((await journey(acct.journeyId)).number).toBe(2);
    const events = await upgradeEvents(acct.journeyId);
    expect(events.map((e) => e.kind).sort()).toEqual([
      "upgrade_added",
      "upgrade_added",
      "upgrade_changed",
      "upgrade_changed",
      "upgrade_removed",
    ]);
    const timeline = await getTimeline(db(), csm, acct.accountId);
    expect(
      timeline
        .filter((e) => e.kind.startsWith("upgrade_"))
        .map((e) => e.milestoneTitle)
        .sort(),
    ).toEqual(["Invite your team", "Kickoff call", "Optional intro", "Security review", "Set up SSO"]);
  });

  it("only moves forward: a new required step in a passed stage is open work, and the journey stays", async () => {
    const acct = await workedJourney();
    expect((await journey(acct.journeyId)).current_stage_position).toBe(2);
    const { versionId } = await publish(v2Of(v1), "v2");
    await applyJourneyUpgrades(
      db(),
      { journeyIds: [acct.journeyId], toVersionId: versionId, actorId: admin.id },
      at(3),
    );
    expect((await journey(acct.journeyId)).current_stage_position).toBe(2);
    const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
    const view = (await getJourney(db(), customer, acct.accountId, at(3)))!;
    expect(view.currentStage.name).toBe("Onboarding");
    const review = view.stages[0].milestones.find((m) => m.title === "Security review")!;
    expect(review.status).toBe("open");
    // Finishing Onboarding still moves the journey on, past the open step behind it.
    await completeMilestone(
      db(),
      csm,
      (await steps(acct.journeyId)).find((s) => s.title === "Kickoff call")!.id,
      at(4),
    );
    for (const t of ["Set up SSO", "Invite your team"]) {
      await completeMilestone(db(), customer, (await steps(acct.journeyId)).find((s) => s.title === t)!.id, at(4));
    }
    expect((await journey(acct.journeyId)).current_stage_position).toBe(4);
  });

  it("moves a journey on when the upgrade retires the last open required step of its stage", async () => {
    const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
    await completeMilestone(db(), customer, acct.m["Sign contract"], at(1));
    const doc = structuredClone(v1);
    doc.stages[0].milestones = doc.stages[0].milestones.filter((m) => m.title !== "Sales handoff");
    const { versionId } = await publish(doc, "No handoff step");
    await applyJourneyUpgrades(
      db(),
      { journeyIds: [acct.journeyId], toVersionId: versionId, actorId: admin.id },
      at(2),
    );
    expect((await journey(acct.journeyId)).current_stage_position).toBe(2);
  });

  it("changes nothing when the same upgrade is applied twice", async () => {
    const acct = await workedJourney();
    const { versionId } = await publish(v2Of(v1), "v2");
    const input = { journeyIds: [acct.journeyId], toVersionId: versionId, actorId: admin.id };
    await applyJourneyUpgrades(db(), input, at(3));
    const once = { steps: await steps(acct.journeyId), events: await upgradeEvents(acct.journeyId) };
    const again = await applyJourneyUpgrades(db(), input, at(4));
    expect(again).toMatchObject({ upgraded: 0, skipped: 1, milestonesAdded: 0 });
    expect(await steps(acct.journeyId)).toEqual(once.steps);
    expect(await upgradeEvents(acct.journeyId)).toEqual(once.events);
    // And the preview says there is nothing left to do.
    expect((await previewUpgrade(db(), { playbookId, toVersionId: versionId, filter: {} })).total).toBe(0);
  });

  it("two upgrades at once leave each journey upgraded once, with one copy of each new step", async () => {
    const accts = [await workedJourney(), await workedJourney(), await workedJourney()];
    const { versionId } = await publish(v2Of(v1), "v2");
    const ids = accts.map((a) => a.journeyId);
    // Two runs over the same journeys, in opposite orders, concurrently.
    const results = await Promise.all([
      applyJourneyUpgrades(db(), { journeyIds: ids, toVersionId: versionId, actorId: admin.id }, at(3)),
      applyJourneyUpgrades(db(), { journeyIds: [...ids].reverse(), toVersionId: versionId, actorId: csm.id }, at(3)),
    ]);
    expect(results[0].upgraded + results[1].upgraded).toBe(3);
    expect(results[0].skipped + results[1].skipped).toBe(3);
    for (const a of accts) {
      const titles = (await steps(a.journeyId)).map((s) => s.title);
      expect(titles.filter((t) => t === "Security review")).toHaveLength(1);
      expect(titles.filter((t) => t === "Invite your team")).toHaveLength(1);
      expect(await upgradeEvents(a.journeyId)).toHaveLength(5);
      expect((await journey(a.journeyId)).number).toBe(2);
    }
    const rows = await db()
      .selectFrom("journey_upgrades")
      .select("journey_id")
      .where("journey_id", "in", ids)
      .execute();
    expect(rows).toHaveLength(3);
  });

  it("a journey already on a newer version is not taken back by an older upgrade running late", async () => {
    const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const two = await publish(v2Of(v1), "v2");
    const v3 = v2Of(v1);
    v3.stages[1].milestones.push(milestoneSeed("Celebrate", "vendor", "csm", 20, false));
    const three = await publish(v3, "v3", at(2));
    await applyJourneyUpgrades(
      db(),
      { journeyIds: [acct.journeyId], toVersionId: three.versionId, actorId: admin.id },
      at(3),
    );
    const late = await applyJourneyUpgrades(
      db(),
      { journeyIds: [acct.journeyId], toVersionId: two.versionId, actorId: admin.id },
      at(3),
    );
    expect(late.upgraded).toBe(0);
    expect((await journey(acct.journeyId)).number).toBe(3);
    expect((await steps(acct.journeyId)).map((s) => s.title)).toContain("Celebrate");
  });

  it("keeps a removed step that is done, as done", async () => {
    const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    await completeMilestone(
      db(),
      { id: acct.contacts[0].id, role: "customer", accountId: acct.accountId },
      acct.m["Optional intro"],
      at(1),
    );
    const { versionId } = await publish(v2Of(v1), "v2");
    const preview = await previewUpgrade(db(), { playbookId, toVersionId: versionId, filter: {} });
    expect(preview.journeys[0].plan.removed).toMatchObject([{ title: "Optional intro", outcome: "kept_done" }]);
    await applyJourneyUpgrades(
      db(),
      { journeyIds: [acct.journeyId], toVersionId: versionId, actorId: admin.id },
      at(3),
    );
    expect((await steps(acct.journeyId)).find((s) => s.title === "Optional intro")).toMatchObject({ status: "done" });
    expect((await upgradeEvents(acct.journeyId)).filter((e) => e.kind === "upgrade_removed")).toHaveLength(0);
  });
});

/** Version 2 with stages: "Security" (new, between Purchase and Onboarding, a required step),
 * "Expansion" (new, between Adoption and Retention, a required step), Purchase renamed
 * "Buying" and Onboarding renamed "Getting started" with new words. */
function stagesOf(doc: PlaybookDocumentInput): PlaybookDocumentInput {
  const stages = structuredClone(doc.stages);
  const [purchase, onboarding, adoption, retention] = stages;
  purchase.name = "Buying";
  onboarding.name = "Getting started";
  onboarding.description = "Get going, together.";
  const security = {
    key: "security",
    name: "Security",
    description: "Pass the security review.",
    milestones: [
      milestoneSeed("Security questionnaire", "customer", "customer", 5, true),
      milestoneSeed("Pen test report", "vendor", "csm", 6, false),
    ],
  };
  const expansion = {
    key: "expansion",
    name: "Expansion",
    description: "Grow.",
    milestones: [milestoneSeed("Upsell call", "vendor", "csm", 40, true)],
  };
  return { ...doc, stages: [purchase, security, onboarding, adoption, expansion, retention] };
}

async function stagesOfJourney(journeyId: string) {
  return db()
    .selectFrom("journey_stages")
    .select(["id", "position", "name", "description", "playbook_key"])
    .where("journey_id", "=", journeyId)
    .orderBy("position")
    .execute();
}

describe("stages added by a version", () => {
  it("a stage added behind the current one dates its stage-entry steps from the upgrade; one ahead, on entry", async () => {
    const onboarding = await workedJourney();
    const doc = stagesOf(v1);
    for (const stage of doc.stages.filter((x) => x.key === "security" || x.key === "expansion")) {
      for (const m of stage.milestones) Object.assign(m, { dueFrom: "stage_entry", dueOffsetKind: "calendar" });
    }
    const { versionId } = await publish(doc, "Stage-entry steps in new stages");
    await applyJourneyUpgrades(
      db(),
      { journeyIds: [onboarding.journeyId], toVersionId: versionId, actorId: admin.id },
      at(10),
    );
    const due = new Map((await steps(onboarding.journeyId)).map((s) => [s.title, s.due_on]));
    // Security sits behind Onboarding, the current stage: passed, never entered; counted from the upgrade (day 10).
    expect(due.get("Security questionnaire")).toBe("2026-03-17");
    expect(due.get("Pen test report")).toBe("2026-03-18");
    // Expansion lies ahead: its date comes when the journey enters it.
    expect(due.get("Upsell call")).toBeNull();

    // A later version re-dates the questionnaire (one day more): recounted from that upgrade (day 20), not lost.
    const next = structuredClone(doc);
    const questionnaire = next.stages.find((x) => x.key === "security")!.milestones[0];
    questionnaire.dueOffsetDays = 6;
    const v3 = await publish(next, "A day more for the questionnaire", at(19));
    await applyJourneyUpgrades(
      db(),
      { journeyIds: [onboarding.journeyId], toVersionId: v3.versionId, actorId: admin.id },
      at(20),
    );
    const after = new Map((await steps(onboarding.journeyId)).map((s) => [s.title, s.due_on]));
    expect(after.get("Security questionnaire")).toBe("2026-03-28");
    expect(after.get("Pen test report")).toBe("2026-03-18");
  });

  it("adds new stages at their place with their steps, renames stages not done, and stays forward-only", async () => {
    const onboarding = await workedJourney();
    const fresh = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const { versionId } = await publish(stagesOf(v1), "Security and expansion stages");

    const preview = await previewUpgrade(db(), { playbookId, toVersionId: versionId, filter: {} });
    const planOf = (id: string) => preview.journeys.find((j) => j.journeyId === id)!.plan;
    const p = planOf(onboarding.journeyId);
    expect(p.stagesAdded.map((s) => [s.name, s.position, s.inPassedStage])).toEqual([
      ["Security", 2, true],
      ["Expansion", 5, false],
    ]);
    // Purchase is done on this journey: its name stays; Onboarding (current) takes the new words.
    expect(p.stagesChanged.map((c) => [c.key, c.changes.map((f) => f.field)])).toEqual([
      ["onboarding", ["name", "description"]],
    ]);
    expect(p.currentStagePositionAfter).toBe(3);
    expect(p.added.map((a) => [a.title, a.stageName, a.inPassedStage])).toEqual([
      ["Security questionnaire", "Security", true],
      ["Pen test report", "Security", true],
      ["Upsell call", "Expansion", false],
    ]);
    expect(planOf(fresh.journeyId).stagesAdded.map((s) => s.inPassedStage)).toEqual([false, false]);

    const r = await applyJourneyUpgrades(
      db(),
      { journeyIds: [onboarding.journeyId, fresh.journeyId], toVersionId: versionId, actorId: admin.id },
      at(3),
    );
    expect(r).toMatchObject({ upgraded: 2, stagesAdded: 4, stagesChanged: 3, milestonesAdded: 6 });

    expect((await stagesOfJourney(onboarding.journeyId)).map((s) => [s.position, s.name, s.playbook_key])).toEqual([
      [1, "Purchase", "purchase"],
      [2, "Security", "security"],
      [3, "Getting started", "onboarding"],
      [4, "Adoption", "adoption"],
      [5, "Expansion", "expansion"],
      [6, "Retention", "retention"],
    ]);
    expect((await stagesOfJourney(onboarding.journeyId))[2].description).toBe("Get going, together.");
    // The journey in Purchase takes both renames and stays in its (renamed) first stage.
    expect((await stagesOfJourney(fresh.journeyId)).map((s) => s.name)).toEqual([
      "Buying",
      "Security",
      "Getting started",
      "Adoption",
      "Expansion",
      "Retention",
    ]);
    expect((await journey(fresh.journeyId)).current_stage_position).toBe(1);

    // Forward only: still in Onboarding (now position 3); the passed stage's required step is open work.
    expect((await journey(onboarding.journeyId)).current_stage_position).toBe(3);
    const customer = { id: onboarding.contacts[0].id, role: "customer" as const, accountId: onboarding.accountId };
    const view = (await getJourney(db(), customer, onboarding.accountId, at(3)))!;
    expect(view.currentStage.name).toBe("Getting started");
    expect(view.stages[1].name).toBe("Security");
    expect(view.stages[1].milestones.map((m) => [m.title, m.status])).toEqual([
      ["Security questionnaire", "open"],
      ["Pen test report", "open"],
    ]);
    const after = await steps(onboarding.journeyId);
    expect(after.filter((s) => s.stage === "Expansion").map((s) => s.title)).toEqual(["Upsell call"]);
    // Each added step is an upgrade_added event on the timeline, passed-stage ones marked so.
    const events = (await upgradeEvents(onboarding.journeyId)).filter((e) => e.kind === "upgrade_added");
    const titleOf = new Map(after.map((s) => [s.id, s.title]));
    expect(
      events.map((e) => [titleOf.get(e.milestone_id!), (e.data as { inPassedStage: boolean }).inPassedStage]).sort(),
    ).toEqual([
      ["Pen test report", true],
      ["Security questionnaire", true],
      ["Upsell call", false],
    ]);

    // Finishing the current stage moves on past Adoption (nothing required open) to Expansion, never back.
    const id = (t: string) => after.find((s) => s.title === t)!.id;
    await completeMilestone(db(), csm, id("Kickoff"), at(4));
    await completeMilestone(db(), customer, id("Set up SSO"), at(4));
    expect((await journey(onboarding.journeyId)).current_stage_position).toBe(5);
  });

  it("adding stages twice changes nothing, and two runs at once add each stage once", async () => {
    const accts = [await workedJourney(), await workedJourney(), await workedJourney()];
    const { versionId } = await publish(stagesOf(v1), "Stages");
    const ids = accts.map((a) => a.journeyId);
    const results = await Promise.all([
      applyJourneyUpgrades(db(), { journeyIds: ids, toVersionId: versionId, actorId: admin.id }, at(3)),
      applyJourneyUpgrades(db(), { journeyIds: [...ids].reverse(), toVersionId: versionId, actorId: csm.id }, at(3)),
    ]);
    expect(results[0].stagesAdded + results[1].stagesAdded).toBe(6);
    const once = [];
    for (const a of accts) {
      const stages = await stagesOfJourney(a.journeyId);
      expect(stages.map((s) => s.position)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(stages.filter((s) => s.playbook_key === "security")).toHaveLength(1);
      expect((await journey(a.journeyId)).current_stage_position).toBe(3);
      once.push({ stages, steps: await steps(a.journeyId), events: await upgradeEvents(a.journeyId) });
    }
    const again = await applyJourneyUpgrades(
      db(),
      { journeyIds: ids, toVersionId: versionId, actorId: admin.id },
      at(4),
    );
    expect(again).toMatchObject({ upgraded: 0, skipped: 3, stagesAdded: 0, milestonesAdded: 0 });
    for (const [i, a] of accts.entries()) {
      expect(await stagesOfJourney(a.journeyId)).toEqual(once[i].stages);
      expect(await steps(a.journeyId)).toEqual(once[i].steps);
      expect(await upgradeEvents(a.journeyId)).toEqual(once[i].events);
      expect((await journey(a.journeyId)).current_stage_position).toBe(3);
    }
  });
});

describe("runs", () => {
  it("upgrade in batches, recording progress, and only admins start them", async () => {
    const accts = [];
    for (let i = 0; i < 5; i++) accts.push(await makeAccount({ csmId: csm.id, playbookId, now: T0 }));
    const { versionId } = await publish(v2Of(v1), "v2");
    await expect(startUpgrade(db(), csm, { playbookId, toVersionId: versionId, filter: {} }, at(3))).rejects.toThrow(
      ForbiddenError,
    );
    const { upgradeId, total } = await startUpgrade(
      db(),
      admin,
      { playbookId, toVersionId: versionId, filter: {} },
      at(3),
    );
    expect(total).toBe(5);
    expect(await getUpgrade(db(), playbookId, upgradeId)).toMatchObject({ status: "running", processed: 0, total: 5 });
    const r = await runUpgrade(db(), upgradeId, () => at(3), 2);
    expect(r.upgraded).toBe(5);
    expect(await getUpgrade(db(), playbookId, upgradeId)).toMatchObject({ status: "done", processed: 5, upgraded: 5 });
    // Nothing is left to choose, so a second start is refused with a message.
    await expect(startUpgrade(db(), admin, { playbookId, toVersionId: versionId, filter: {} }, at(4))).rejects.toThrow(
      InputError,
    );
  });
});
