// The insights figures on five small journeys whose answers are worked out by hand below.
// Every date is UTC; "day" means a calendar day; NOW is 2026-03-31 12:00, so the clock day is 03-31.
//
// Playbook "Insights test", version 1:
//   Stage "Start" (expectedDays 5):  Kickoff (vendor, onboarding, due +2), Connect data (customer, due +4, firstValue)
//   Stage "Live"  (expectedDays 12): Go live (customer, due +20), Review (vendor, csm, due +25)
// Version 2 differs only in Start: expectedDays 3 and Connect data due +2.
//
// A (Maya, v1, started 03-01): due Kickoff 03-03, Connect 03-05, Go live 03-21, Review 03-26.
//   Kickoff done 03-02. Connect handed to Sam (vendor, support) on 03-07, done 03-09: Start left
//   03-09 after 8 days; first value at 8 days. Go live done 03-12, reopened 03-14, done again 03-24.
//   Review still open.
// B (Maya, v1, started 03-10): Kickoff done 03-11. Paused 03-15, resumed 03-20 (5 days on hold;
//   open due dates move 5 days: Connect 03-14 -> 03-19). Connect done 03-22: Start took 12 - 5 = 7 days,
//   first value at 12 - 5 = 7 days.
// C (Maya, v1, started 03-20): Kickoff marked not applicable 03-21; Connect still open (censored at 11 days).
// D (Diego, v1, started 02-15): nothing done (censored at 44 days). Maya never sees it.
// E (Maya, v2, started 03-02): Kickoff done 03-03, Connect done 03-04 (due 03-04): first value at 2 days.
import { beforeAll, describe, expect, it } from "vitest";
import { setAccountStatus } from "~/modules/account-lifecycle/manage-account.server";
import type { Actor } from "~/modules/accounts/access.server";
import { compareVersions } from "~/modules/insights/compare-versions.server";
import { getAccountHealth } from "~/modules/insights/get-account-health.server";
import { getBottleneckMilestones } from "~/modules/insights/get-bottleneck-milestones.server";
import { getDelayBySide } from "~/modules/insights/get-delay-by-side.server";
import { getStageFunnel } from "~/modules/insights/get-stage-funnel.server";
import { getTimeToFirstValue } from "~/modules/insights/get-time-to-first-value.server";
import { getVoiceOfCustomer } from "~/modules/insights/get-voice-of-customer.server";
import { refreshKeptInsights } from "~/modules/insights/kept-rows.server";
import { changeMilestoneOwner } from "~/modules/journeys/change-milestone-owner.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { markNotApplicable } from "~/modules/journeys/mark-not-applicable.server";
import { reopenMilestone } from "~/modules/journeys/reopen-milestone.server";
import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import { type PlaybookDocumentInput, playbookDocumentSchema } from "~/modules/playbooks/playbook-document";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { ForbiddenError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff, milestoneSeed, type TestAccount } from "./factories";

const NOW = new Date("2026-03-31T12:00:00Z");
const at = (day: string) => new Date(`${day}T10:00:00Z`);

const doc = (name: string, version: 1 | 2): PlaybookDocumentInput => ({
  name,
  description: "",
  stages: [
    {
      key: "start",
      name: "Start",
      description: "",
      expectedDays: version === 1 ? 5 : 3,
      milestones: [
        milestoneSeed("Kickoff", "vendor", "onboarding", 2, true),
        { ...milestoneSeed("Connect data", "customer", "customer", version === 1 ? 4 : 2, true), firstValue: true },
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

let admin: Actor, maya: Actor, diego: Actor;
let playbookId: string, v1: string, v2: string;
let A: TestAccount, B: TestAccount, C: TestAccount, D: TestAccount, E: TestAccount;

beforeAll(async () => {
  const staff = async (role: "admin" | "csm", name: string, fn: "csm" | "support" | "onboarding" = "csm") => {
    const s = await makeStaff({ role, name, fn });
    return { id: s.id, role, accountId: null } as Actor;
  };
  admin = await staff("admin", "Insights Admin");
  maya = await staff("csm", "Maya Insights");
  diego = await staff("csm", "Diego Insights");
  const sam = await staff("csm", "Sam Support", "support");
  const name = `Insights test ${Date.now()}`;
  playbookId = await makePlaybook(doc(name, 1));
  const open = (csm: Actor, startedOn: string) =>
    makeAccount({ csmId: csm.id, playbookId, startedOn, now: new Date(`${startedOn}T09:00:00Z`) });

  A = await open(maya, "2026-03-01");
  await completeMilestone(db(), maya, A.m.Kickoff, at("2026-03-02"));
  await changeMilestoneOwner(db(), maya, A.m["Connect data"], sam.id, at("2026-03-07"));
  await completeMilestone(db(), maya, A.m["Connect data"], at("2026-03-09"));
  await completeMilestone(db(), maya, A.m["Go live"], at("2026-03-12"));
  await reopenMilestone(db(), maya, A.m["Go live"], at("2026-03-14"));
  await completeMilestone(db(), maya, A.m["Go live"], at("2026-03-24"));

  B = await open(maya, "2026-03-10");
  await completeMilestone(db(), maya, B.m.Kickoff, at("2026-03-11"));
  await setAccountStatus(db(), maya, { accountId: B.accountId, status: "paused" }, at("2026-03-15"));
  await setAccountStatus(db(), maya, { accountId: B.accountId, status: "active" }, at("2026-03-20"));
  await completeMilestone(db(), maya, B.m["Connect data"], at("2026-03-22"));

  C = await open(maya, "2026-03-20");
  await markNotApplicable(db(), maya, C.m.Kickoff, "Done in the sales call", at("2026-03-21"));

  D = await open(diego, "2026-02-15");

  await importPlaybook(db(), playbookDocumentSchema.parse(doc(name, 2)));
  await publishPlaybook(db(), { playbookId, note: "Shorter start." }, at("2026-03-01"));
  E = await open(maya, "2026-03-02");
  await completeMilestone(db(), maya, E.m.Kickoff, at("2026-03-03"));
  await completeMilestone(db(), maya, E.m["Connect data"], at("2026-03-04"));

  const versions = await db()
    .selectFrom("playbook_versions")
    .select(["id", "number"])
    .where("playbook_id", "=", playbookId)
    .orderBy("number")
    .execute();
  [v1, v2] = versions.map((v) => v.id);

  // Pulse answers, written as rows: the figures only read them.
  const stageOf = async (j: TestAccount, position: number) =>
    (
      await db()
        .selectFrom("journey_stages")
        .select("id")
        .where("journey_id", "=", j.journeyId)
        .where("position", "=", position)
        .executeTakeFirstOrThrow()
    ).id;
  const answer = async (
    j: TestAccount,
    contact: number,
    question: "stage" | "nps",
    score: number,
    feeling: "frustrated" | "confused" | "neutral" | "confident" | "delighted" | null,
  ) =>
    db()
      .insertInto("pulse_answers")
      .values({
        journey_id: j.journeyId,
        stage_id: await stageOf(j, question === "stage" ? 1 : 2),
        user_id: j.contacts[contact].id,
        question,
        score,
        feeling,
        answered_at: at("2026-03-25"),
      })
      .execute();
  await answer(A, 0, "stage", 4, "confident");
  await answer(A, 1, "stage", 2, "frustrated");
  await answer(B, 0, "stage", 5, "delighted");
  await answer(D, 0, "stage", 1, "frustrated");
  await answer(A, 0, "nps", 9, null);
  await answer(A, 1, "nps", 6, null);
  await answer(B, 0, "nps", 8, null);
});

describe("stage funnel", () => {
  it("counts entries and exits, and days in stage less paused days, for one version", async () => {
    const funnel = await getStageFunnel(db(), admin, { playbookId, versionId: v1 }, NOW);
    expect(funnel.map((s) => s.key)).toEqual(["start", "live"]);
    // Start: entered by A, B, C, D; left by A (8 days) and B (12 days less 5 paused = 7).
    // Median of [7, 8] = 7.5; p75 by linear interpolation = 7 + 0.75 x 1 = 7.75. Both over 5 expected.
    expect(funnel[0]).toMatchObject({
      name: "Start",
      entered: 4,
      completed: 2,
      conversion: 0.5,
      medianDays: 7.5,
      p75Days: 7.75,
      expectedDays: 5,
      overExpected: 2,
    });
    // Live: entered by A (03-09) and B (03-22), left by none.
    expect(funnel[1]).toMatchObject({
      entered: 2,
      completed: 0,
      conversion: 0,
      medianDays: null,
      p75Days: null,
      expectedDays: 12,
    });
  });

  it("pools versions by stage key, and gives no expected days when they disagree", async () => {
    const funnel = await getStageFunnel(db(), admin, { playbookId }, NOW);
    // Start adds E (2 days): [2, 7, 8] -> median 7, p75 = 7 + 0.5 x 1 = 7.5; expected 5 vs 3 -> null.
    expect(funnel[0]).toMatchObject({ entered: 5, completed: 3, medianDays: 7, p75Days: 7.5, expectedDays: null });
    expect(funnel[1]).toMatchObject({ entered: 3, completed: 0, expectedDays: 12 });
  });
});

describe("health", () => {
  it("is On track, Behind or Stuck by the stage's expected days and the quiet rule", async () => {
    const { accounts, counts } = await getAccountHealth(db(), maya, { playbookId }, NOW);
    const of = (j: TestAccount) => accounts.find((a) => a.accountId === j.accountId);
    // A: Live since 03-09 = 22 days, over 12 but not over 24; last done 03-24 = 7 days ago.
    expect(of(A)).toMatchObject({
      stageKey: "live",
      stageName: "Live",
      daysInStage: 22,
      expectedDays: 12,
      daysSinceDone: 7,
      health: "behind",
    });
    // B: Live since 03-22 = 9 days of 12.
    expect(of(B)).toMatchObject({ daysInStage: 9, daysSinceDone: 9, health: "on_track" });
    // C: Start since 03-20 = 11 days, over twice 5.
    expect(of(C)).toMatchObject({
      stageKey: "start",
      stageName: "Start",
      daysInStage: 11,
      daysSinceDone: 11,
      health: "stuck",
    });
    // E: Live since 03-04 = 27 days, over twice 12; nothing done for 27 days either.
    expect(of(E)).toMatchObject({ daysInStage: 27, daysSinceDone: 27, health: "stuck" });
    expect(of(D)).toBeUndefined();
    expect(counts).toEqual({ on_track: 1, behind: 1, stuck: 2 });
  });

  it("stops the clock on the day a pause began and leaves paused days out", async () => {
    const staff = await makeStaff({ role: "csm", name: "Pat Pause" });
    const pat: Actor = { id: staff.id, role: "csm", accountId: null };
    const own = await makePlaybook(doc(`Paused ${Date.now()}`, 1));
    const P = await makeAccount({ csmId: pat.id, playbookId: own, startedOn: "2026-03-01", now: at("2026-03-01") });
    // Start expects 5 days. Paused 03-02 to 03-05 (3 days), paused again 03-10.
    await setAccountStatus(db(), pat, { accountId: P.accountId, status: "paused" }, at("2026-03-02"));
    await setAccountStatus(db(), pat, { accountId: P.accountId, status: "active" }, at("2026-03-05"));
    await setAccountStatus(db(), pat, { accountId: P.accountId, status: "paused" }, at("2026-03-10"));
    // Clock stands at 03-10: 9 days since the start, less 3 paused = 6 in Start: over 5, not over 10.
    const { accounts } = await getAccountHealth(db(), pat, {}, NOW);
    expect(accounts).toEqual([
      expect.objectContaining({ accountId: P.accountId, daysInStage: 6, daysSinceDone: 6, health: "behind" }),
    ]);
  });
});

describe("time to first value", () => {
  it("is a Kaplan-Meier median per version and cohort, with journeys not there yet censored", async () => {
    const rows = await getTimeToFirstValue(db(), admin, { playbookId }, NOW);
    const row = (version: string, cohort: string | null) =>
      rows.find((r) => r.versionId === version && r.cohort === cohort);
    // v1: reached A 8, B 7 (12 less 5 paused); censored C 11, D 44.
    // S(7) = 3/4; S(8) = 3/4 x (1 - 1/3) = 1/2 -> median 8; S never reaches 1/4 -> no p75.
    expect(row(v1, null)).toMatchObject({ journeys: 4, reached: 2, notReached: 2, medianDays: 8, p75Days: null });
    // Cohort 2026-03: A, B, C -> S(7) = 2/3, S(8) = 1/3 -> median 8; p75 undefined.
    expect(row(v1, "2026-03")).toMatchObject({ journeys: 3, reached: 2, medianDays: 8, p75Days: null });
    // Cohort 2026-02: D alone, censored.
    expect(row(v1, "2026-02")).toMatchObject({ journeys: 1, reached: 0, notReached: 1, medianDays: null });
    // v2: E at 2 days -> S(2) = 0.
    expect(row(v2, null)).toMatchObject({ versionNumber: 2, journeys: 1, reached: 1, medianDays: 2, p75Days: 2 });
  });
});

// Bottleneck milestones and delay by side keep per-journey rows (ADR 044): each case runs with the
// five journeys computed from their steps and again with their kept rows fresh, for the same answers.
const keptOrNot = () => {
  beforeAll(async () => {
    const ids = [A, B, C, D, E].map((j) => j.journeyId);
    if (keptRows) {
      await refreshKeptInsights(db(), NOW);
      const fresh = await db()
        .selectFrom("insight_fresh")
        .select("journey_id")
        .where("journey_id", "in", ids)
        .execute();
      expect(fresh).toHaveLength(5);
    } else {
      await db().deleteFrom("insight_fresh").where("journey_id", "in", ids).execute();
    }
  });
};
let keptRows = false;

describe.each([
  ["computed from the steps", false],
  ["from the kept rows", true],
])("%s", (_label, kept) => {
  beforeAll(() => {
    keptRows = kept;
  });

  describe("bottleneck milestones", () => {
    keptOrNot();
    it("gives on-time rates, median days late, and the step that held its stage", async () => {
      const rows = await getBottleneckMilestones(db(), admin, { playbookId, versionId: v1 }, NOW);
      const by = Object.fromEntries(rows.map((r) => [r.key, r]));
      // Start moved on twice (A 03-09, B 03-22); each time Connect data closed last.
      expect(rows[0].key).toBe("connect-data");
      // Connect: A 4 days late (due 03-05, done 03-09), B 3 (due moved to 03-19 by the pause, done 03-22).
      expect(by["connect-data"]).toMatchObject({
        done: 2,
        onTime: 0,
        onTimeRate: 0,
        medianDaysLate: 3.5,
        stageExits: 2,
        heldStage: 2,
        heldRate: 1,
      });
      // Kickoff: A and B on time; C not applicable is left out; D's is open and overdue.
      expect(by.kickoff).toMatchObject({ done: 2, onTime: 2, onTimeRate: 1, medianDaysLate: null, openOverdue: 1 });
      expect(by.kickoff).toMatchObject({ stageExits: 2, heldStage: 0 });
      // Go live: A's standing completion 03-24, 3 days after 03-21 (the reopening undid 03-12).
      expect(by["go-live"]).toMatchObject({ done: 1, onTime: 0, medianDaysLate: 3, stageExits: 0, heldRate: null });
      // Review: A's is open past 03-26 in a reached stage.
      expect(by.review).toMatchObject({ done: 0, onTimeRate: null, openOverdue: 1 });
    });
  });

  describe("delay by side", () => {
    keptOrNot();
    it("splits overdue days by who owned the step, counting an owner change in the middle of a delay", async () => {
      const { accounts, total } = await getDelayBySide(db(), maya, { playbookId }, NOW);
      const of = (j: TestAccount) => accounts.find((a) => a.accountId === j.accountId);
      // A: Connect late 03-06..03-09: the customer owned it to 03-07 (2 days), Sam (support) after (2 days).
      //    Go live: open (-, 03-12] and (03-14, 03-24]; late after 03-21 -> 03-22..03-24 = 3 customer days.
      //    Review: open, late 03-27..03-31 = 5 days on the CSM function.
      expect(of(A)).toMatchObject({ customerDays: 5, vendorDays: 7, vendorByFunction: { support: 2, csm: 5 } });
      // B: Connect due 03-19 after the pause moved it, done 03-22: 3 customer days.
      expect(of(B)).toMatchObject({ customerDays: 3, vendorDays: 0 });
      // C: Kickoff not applicable (left out); Connect late since 03-24: 03-25..03-31 = 7 customer days.
      expect(of(C)).toMatchObject({ customerDays: 7, vendorDays: 0 });
      // E (v2): Go live late 03-23..03-31 = 9 customer days; Review late 03-28..03-31 = 4 CSM days.
      expect(of(E)).toMatchObject({ customerDays: 9, vendorDays: 4, vendorByFunction: { csm: 4 } });
      expect(of(D)).toBeUndefined();
      expect(total).toEqual({ customerDays: 24, vendorDays: 11, vendorByFunction: { support: 2, csm: 9 } });
    });

    it("counts only stages reached, and another CSM's accounts only for those who may see them", async () => {
      const { accounts, total } = await getDelayBySide(db(), admin, { playbookId }, NOW);
      // D: Kickoff late 02-18..03-31 = 42 onboarding days; Connect late 02-20..03-31 = 40 customer days;
      //    Go live (due 03-07) is in Live, which D never reached: no days.
      expect(accounts.find((a) => a.accountId === D.accountId)).toMatchObject({
        customerDays: 40,
        vendorDays: 42,
        vendorByFunction: { onboarding: 42 },
      });
      expect(total).toEqual({
        customerDays: 64,
        vendorDays: 53,
        vendorByFunction: { support: 2, csm: 9, onboarding: 42 },
      });
    });
  });
});

describe("voice of the customer", () => {
  it("gives CSAT, feelings and NPS from the CSM's accounts only", async () => {
    const voice = await getVoiceOfCustomer(db(), maya, { playbookId }, NOW);
    // Start: scores 4, 2, 5 -> mean 11/3; feelings confident(4), frustrated(1), delighted(5) -> mean 10/3.
    expect(voice.stages).toHaveLength(1);
    expect(voice.stages[0]).toMatchObject({ key: "start", answers: 3, csatDistribution: [0, 1, 0, 1, 1] });
    expect(voice.stages[0].csatMean).toBeCloseTo(11 / 3, 10);
    expect(voice.stages[0].feelingMean).toBeCloseTo(10 / 3, 10);
    expect(voice.stages[0].feelings).toEqual({ frustrated: 1, confused: 0, neutral: 0, confident: 1, delighted: 1 });
    // NPS 9, 6, 8: one promoter, one detractor, one passive -> 0.
    expect(voice.nps).toMatchObject({ answers: 3, promoters: 1, passives: 1, detractors: 1, score: 0 });
    expect(voice.nps.promoterShare).toBeCloseTo(1 / 3, 10);
  });

  it("adds Diego's account for an admin", async () => {
    const voice = await getVoiceOfCustomer(db(), admin, { playbookId }, NOW);
    // Start: 4, 2, 5, 1 -> mean 3; feelings 4, 1, 5, 1 -> 2.75.
    expect(voice.stages[0]).toMatchObject({
      answers: 4,
      csatMean: 3,
      feelingMean: 2.75,
      csatDistribution: [1, 1, 0, 1, 1],
    });
  });
});

describe("versions compared", () => {
  it("gives the same figures for both versions side by side", async () => {
    const both = await compareVersions(db(), maya, { playbookId, versionA: v1, versionB: v2 }, NOW);
    expect(both.a).toMatchObject({ versionNumber: 1, health: { on_track: 1, behind: 1, stuck: 1 } });
    expect(both.b).toMatchObject({ versionNumber: 2, health: { on_track: 0, behind: 0, stuck: 1 } });
    // Maya's v1: A 8, B 7, C censored 11 -> median 8. v2: E 2.
    expect(both.a.firstValue).toMatchObject({ reached: 2, notReached: 1, medianDays: 8 });
    expect(both.b.firstValue).toMatchObject({ reached: 1, notReached: 0, medianDays: 2 });
    expect(both.a.funnel[0]).toMatchObject({ medianDays: 7.5, expectedDays: 5 });
    expect(both.b.funnel[0]).toMatchObject({ medianDays: 2, expectedDays: 3 });
    expect(both.a.delay).toMatchObject({ customerDays: 15, vendorDays: 7 });
    expect(both.b.delay).toMatchObject({ customerDays: 9, vendorDays: 4 });
    expect(both.b.voice.stages).toEqual([]);
  });

  it("refuses versions of another playbook, or one version twice", async () => {
    const other = await makePlaybook();
    const [foreign] = await db()
      .selectFrom("playbook_versions")
      .select("id")
      .where("playbook_id", "=", other)
      .execute();
    await expect(compareVersions(db(), admin, { playbookId, versionA: v1, versionB: foreign.id }, NOW)).rejects.toThrow(
      /not a published version of this playbook/,
    );
    await expect(compareVersions(db(), admin, { playbookId, versionA: v1, versionB: v1 }, NOW)).rejects.toThrow(
      /two different versions/,
    );
  });
});

describe("who sees what", () => {
  it("never shows a CSM another CSM's accounts, even when asked by filter", async () => {
    const asMaya = { playbookId, csmId: diego.id };
    expect(await getStageFunnel(db(), maya, asMaya, NOW)).toEqual([]);
    expect((await getAccountHealth(db(), maya, asMaya, NOW)).accounts).toEqual([]);
    expect(await getTimeToFirstValue(db(), maya, asMaya, NOW)).toEqual([]);
    expect(await getBottleneckMilestones(db(), maya, asMaya, NOW)).toEqual([]);
    expect((await getDelayBySide(db(), maya, asMaya, NOW)).accounts).toEqual([]);
    expect((await getVoiceOfCustomer(db(), maya, asMaya, NOW)).nps.answers).toBe(0);
    // Diego sees his own.
    expect((await getAccountHealth(db(), diego, { playbookId }, NOW)).accounts.map((a) => a.accountId)).toEqual([
      D.accountId,
    ]);
  });

  it("refuses customers", async () => {
    const customer: Actor = { id: A.contacts[0].id, role: "customer", accountId: A.accountId };
    await expect(getStageFunnel(db(), customer, {}, NOW)).rejects.toThrow(ForbiddenError);
  });

  it("narrows by segment and cohort", async () => {
    await db().updateTable("accounts").set({ segment: "enterprise" }).where("id", "=", A.accountId).execute();
    const funnel = await getStageFunnel(db(), admin, { playbookId, segment: "enterprise" }, NOW);
    expect(funnel[0]).toMatchObject({ entered: 1, completed: 1, medianDays: 8 });
    const feb = await getStageFunnel(db(), admin, { playbookId, cohort: "2026-02" }, NOW);
    expect(feb[0]).toMatchObject({ entered: 1, completed: 0 });
    // Period: journeys running at some point from 03-15 to 03-31 (all of them here; none finished).
    const period = await getStageFunnel(
      db(),
      admin,
      { playbookId, periodFrom: "2026-03-15", periodTo: "2026-03-31" },
      NOW,
    );
    expect(period[0].entered).toBe(5);
    const early = await getStageFunnel(db(), admin, { playbookId, periodTo: "2026-02-28" }, NOW);
    expect(early[0].entered).toBe(1);
  });
});
