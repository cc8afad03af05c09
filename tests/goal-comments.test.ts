// Issue 12 §2, customers comment on goals (ADR 038), in the domain: customers and staff comment on
// a goal and read each other on /journey and the goals page; the same mentions, notices and daily
// digest as a step's comments; the account's timeline; and isolation between accounts.
import { beforeEach, describe, expect, it } from "vitest";
import { runCommentNoticeSweep } from "~/modules/email/run-comment-notice-sweep.server";
import { addGoalComment } from "~/modules/goals/add-goal-comment.server";
import { getGoalsPage } from "~/modules/goals/list-goals.server";
import { createGoal } from "~/modules/goals/save-goal.server";
import { addMilestoneComment } from "~/modules/journeys/add-milestone-comment.server";
import { customerJourneyPage } from "~/modules/journeys/customer-journey-page.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import type { NudgeRules } from "~/utils/env.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff, type TestAccount } from "./factories";
import { renderedOutboxEmail } from "./helpers/outbox";

const RULES: NudgeRules = { startHour: 9, endHour: 17, firstDay: 1, lastDay: 5, escalationDays: 5 };
const TUE_14Z = new Date("2026-03-10T14:00:00Z");

type Actor = { id: string; role: "customer" | "csm" | "admin" | "viewer"; accountId: string | null };

interface Scene {
  acct: TestAccount;
  other: TestAccount;
  csm: { id: string; email: string; name: string };
  ana: Actor & { email: string; name: string };
  ben: { id: string; email: string; name: string };
  csmActor: Actor;
  goalId: string;
  otherGoalId: string;
}

async function person(id: string) {
  return db().selectFrom("users").select(["id", "email", "name"]).where("id", "=", id).executeTakeFirstOrThrow();
}

async function scene(): Promise<Scene> {
  const csm = await makeStaff({ name: "Casey Goals" });
  const playbookId = await makePlaybook();
  const acct = await makeAccount({ csmId: csm.id, playbookId });
  const otherCsm = await makeStaff();
  const other = await makeAccount({ csmId: otherCsm.id, playbookId });
  const csmActor: Actor = { id: csm.id, role: "csm", accountId: null };
  const goal = { title: "Close the books in a day", measure: "5 days to 1", targetOn: "2026-06-30", result: null };
  const { goalId } = await createGoal(
    db(),
    csmActor,
    { accountId: acct.accountId, ...goal, status: "on_track" },
    TUE_14Z,
  );
  const { goalId: otherGoalId } = await createGoal(
    db(),
    { id: otherCsm.id, role: "csm", accountId: null },
    { accountId: other.accountId, ...goal, title: "Other's secret goal", status: "on_track" },
    TUE_14Z,
  );
  const ana = await person(acct.contacts[0].id);
  return {
    acct,
    other,
    csm: await person(csm.id),
    ana: { ...ana, role: "customer", accountId: acct.accountId },
    ben: await person(acct.contacts[1].id),
    csmActor,
    goalId,
    otherGoalId,
  };
}

const goalCommentCount = async () =>
  Number(
    (
      await db()
        .selectFrom("milestone_comments")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("goal_id", "is not", null)
        .executeTakeFirstOrThrow()
    ).n,
  );

let s: Scene;
beforeEach(async () => {
  s = await scene();
});

describe("comments on a goal", () => {
  it("a customer's comment shows on /journey's goal and on the staff's goals page; the CSM's answer on both", async () => {
    await addGoalComment(db(), s.ana, s.goalId, "  We closed March in three days.  ", TUE_14Z);
    await addGoalComment(db(), s.csmActor, s.goalId, "Great progress!", new Date(TUE_14Z.getTime() + 60_000));
    const journey = customerJourneyPage((await getJourney(db(), s.ana, s.acct.accountId, TUE_14Z))!);
    const goal = journey.goals.find((g) => g.id === s.goalId)!;
    expect(goal.comments.map((c) => [c.body, c.authorName, c.authorSide])).toEqual([
      ["We closed March in three days.", s.ana.name, "customer"],
      ["Great progress!", s.csm.name, "vendor"],
    ]);
    expect(goal.comments[0].at).toBe(TUE_14Z.toISOString());
    const staff = await getGoalsPage(db(), s.csmActor, s.acct.accountId);
    expect(staff.goals.find((g) => g.id === s.goalId)!.comments.map((c) => c.body)).toEqual([
      "We closed March in three days.",
      "Great progress!",
    ]);
    expect(staff.mentionable.map((m) => m.email)).toContain(s.ana.email);
  });

  it("is on the account's timeline with who said what, and never mixes with the step's comments", async () => {
    await addGoalComment(db(), s.ana, s.goalId, "On the timeline", TUE_14Z);
    const [entry] = await getTimeline(db(), s.csmActor, s.acct.accountId);
    expect(entry).toMatchObject({ kind: "goal_commented", actorName: s.ana.name });
    expect(entry.data).toMatchObject({ title: "Close the books in a day", text: "On the timeline" });
    const view = await getJourney(db(), s.csmActor, s.acct.accountId, TUE_14Z);
    expect(JSON.stringify(view!.stages)).not.toContain("On the timeline");
  });

  it("refuses an empty or too long comment with a message, writing nothing", async () => {
    const before = await goalCommentCount();
    await expect(addGoalComment(db(), s.ana, s.goalId, "   ", TUE_14Z)).rejects.toThrow(InputError);
    await expect(addGoalComment(db(), s.ana, s.goalId, "x".repeat(2001), TUE_14Z)).rejects.toThrow(
      "Keep the comment under 2000 characters.",
    );
    expect(await goalCommentCount()).toBe(before);
    const timeline = await getTimeline(db(), s.csmActor, s.acct.accountId);
    expect(timeline.some((e) => e.kind === "goal_commented")).toBe(false);
  });
});

describe("account isolation", () => {
  it("another account's customer can neither post on nor read the goal", async () => {
    await addGoalComment(db(), s.ana, s.goalId, "For account A only", TUE_14Z);
    const stranger: Actor = { id: s.other.contacts[0].id, role: "customer", accountId: s.other.accountId };
    await expect(addGoalComment(db(), stranger, s.goalId, "let me in", TUE_14Z)).rejects.toThrow(NotFoundError);
    // Claiming the other account in the actor changes nothing: a customer's scope is their own account.
    await expect(
      addGoalComment(db(), { ...stranger, accountId: s.acct.accountId }, s.otherGoalId, "x", TUE_14Z),
    ).rejects.toThrow(NotFoundError);
    const theirs = customerJourneyPage((await getJourney(db(), stranger, s.other.accountId, TUE_14Z))!);
    expect(JSON.stringify(theirs)).not.toContain("For account A only");
    expect(await getJourney(db(), stranger, s.acct.accountId, TUE_14Z)).toBeNull();
  });

  it("another CSM finds no such goal; a viewer reads it but cannot post; an admin may", async () => {
    const otherCsm: Actor = { id: (await makeStaff()).id, role: "csm", accountId: null };
    await expect(addGoalComment(db(), otherCsm, s.goalId, "x", TUE_14Z)).rejects.toThrow(NotFoundError);
    const viewer: Actor = { id: (await makeStaff({ role: "viewer", fn: null })).id, role: "viewer", accountId: null };
    await expect(addGoalComment(db(), viewer, s.goalId, "x", TUE_14Z)).rejects.toThrow(ForbiddenError);
    // Narrowed to another account's page, the goal is not there.
    await expect(
      addGoalComment(db(), { ...s.csmActor, accountId: s.other.accountId }, s.goalId, "x", TUE_14Z),
    ).rejects.toThrow(NotFoundError);
    const admin: Actor = { id: (await makeStaff({ role: "admin" })).id, role: "admin", accountId: null };
    await addGoalComment(db(), admin, s.goalId, "from the admin", TUE_14Z);
    const page = await getGoalsPage(db(), viewer, s.acct.accountId);
    expect(page.goals.find((g) => g.id === s.goalId)!.comments.map((c) => c.body)).toEqual(["from the admin"]);
  });
});

describe("mentions, notices and the digest", () => {
  const noticesOf = async (commentId: string) =>
    Object.fromEntries(
      (
        await db()
          .selectFrom("comment_notices")
          .select(["user_id", "reasons"])
          .where("comment_id", "=", commentId)
          .execute()
      ).map((n) => [n.user_id, n.reasons]),
    );

  it("tells the CSM and those mentioned, never the author; an outsider's address is ignored", async () => {
    const stranger = await person(s.other.contacts[0].id);
    const byAna = await addGoalComment(db(), s.ana, s.goalId, `@${s.ben.email} and @${stranger.email}`, TUE_14Z);
    expect(byAna.mentioned.map((m) => m.id)).toEqual([s.ben.id]);
    expect(await noticesOf(byAna.commentId)).toEqual({ [s.csm.id]: ["csm"], [s.ben.id]: ["mention"] });
    const byCsm = await addGoalComment(db(), s.csmActor, s.goalId, `Thanks @${s.ana.email}`, TUE_14Z);
    expect(await noticesOf(byCsm.commentId)).toEqual({ [s.ana.id]: ["mention"] });
  });

  it("goes in the one daily digest with the step comments, linked to each reader's own page", async () => {
    await addGoalComment(db(), s.ana, s.goalId, "Goal news from Ana", TUE_14Z);
    await addMilestoneComment(db(), s.ana, s.acct.m["Sign contract"], "Step news from Ana", TUE_14Z);
    await addGoalComment(db(), s.csmActor, s.goalId, `Noted @${s.ana.email}`, TUE_14Z);
    const { queued } = await runCommentNoticeSweep(db(), TUE_14Z, RULES);
    const toCsm = queued.filter((q) => q.toEmail === s.csm.email);
    expect(toCsm).toEqual([{ outboxId: expect.any(String), toEmail: s.csm.email, comments: 2 }]);
    const render = async (outboxId: string) => (await renderedOutboxEmail(outboxId)).email;
    const csmEmail = await render(toCsm[0].outboxId);
    expect(csmEmail.text).toContain("Goal: Close the books in a day");
    expect(csmEmail.text).toContain("Goal news from Ana");
    expect(csmEmail.text).toContain(`http://portal.test/csm/accounts/${s.acct.accountId}/goals#goal-${s.goalId}`);
    expect(csmEmail.text).toContain("Step news from Ana");
    const [toAna] = queued.filter((q) => q.toEmail === s.ana.email);
    const anaEmail = await render(toAna.outboxId);
    expect(anaEmail.subject).toBe(`${s.csm.name} commented on "Goal: Close the books in a day"`);
    expect(anaEmail.text).toContain(`http://portal.test/journey#goal-${s.goalId}`);
    expect(anaEmail.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    // Once a day: a second run sends nothing more.
    expect((await runCommentNoticeSweep(db(), TUE_14Z, RULES)).queued).toEqual([]);
  });

  it("a notice to someone who turned reminders off, or in a paused account, is dropped", async () => {
    await db().updateTable("users").set({ nudges_enabled: false }).where("id", "=", s.csm.id).execute();
    await addGoalComment(db(), s.ana, s.goalId, "nobody hears this", TUE_14Z);
    await db().updateTable("accounts").set({ status: "paused" }).where("id", "=", s.acct.accountId).execute();
    await addGoalComment(db(), s.csmActor, s.goalId, `while paused @${s.ana.email}`, TUE_14Z);
    const { queued, dropped } = await runCommentNoticeSweep(db(), TUE_14Z, RULES);
    expect(dropped).toBe(2);
    expect(queued.filter((q) => q.toEmail === s.csm.email || q.toEmail === s.ana.email)).toEqual([]);
  });
});
