// Issue 12 §5 in the domain: "Remind the customer" on an overdue customer step goes through the
// nudges' contact policy (working hours and days in the customer's timezone, one reminder a day,
// not twice in three days about one step, opt-outs and bounces), is queued for when it may go,
// is recorded on the timeline, refuses what it must, and never sends twice (ADR 038).
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { deliverEmail } from "~/modules/email/deliver-email.server";
import { emailContext } from "~/modules/email/email-context.server";
import { parseEmailPayload } from "~/modules/email/email-payloads";
import { recoverOutbox } from "~/modules/email/recover-outbox.server";
import { runNudgeSweep } from "~/modules/email/run-nudge-sweep.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import { planCustomerReminder } from "~/modules/journeys/plan-customer-reminder.server";
import { remindCustomer } from "~/modules/journeys/remind-customer.server";
import { reminderQueuedMessage } from "~/modules/journeys/reminder-words";
import { type NudgeRules, parseEnv } from "~/utils/env.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff } from "./factories";
import { renderedOutboxEmail } from "./helpers/outbox";

const RULES: NudgeRules = { startHour: 9, endHour: 17, firstDay: 1, lastDay: 5, escalationDays: 5 };
// Tuesday 10 March 2026, 14:00 UTC: 10:00 in New York (EDT since 8 March), 23:00 in Tokyo.
const TUE_14Z = new Date("2026-03-10T14:00:00Z");
const hoursLater = (d: Date, h: number) => new Date(d.getTime() + h * 3_600_000);
const FAR = "2027-01-01";

async function scenario(opts: { customerTz?: string } = {}) {
  const csm = await makeStaff({ name: "Casey Remind", timezone: "Europe/London" });
  const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), contacts: 1 });
  const customer = await db()
    .updateTable("users")
    .set({ timezone: opts.customerTz ?? "America/New_York" })
    .where("id", "=", acct.contacts[0].id)
    .returning(["id", "email", "name"])
    .executeTakeFirstOrThrow();
  await db().updateTable("journey_milestones").set({ due_on: FAR }).where("journey_id", "=", acct.journeyId).execute();
  const due = (title: string, date: string) =>
    db().updateTable("journey_milestones").set({ due_on: date }).where("id", "=", acct.m[title]).execute();
  // "Sign contract": the customer's, required, in the first stage; overdue since the 9th.
  await due("Sign contract", "2026-03-09");
  const csmActor = { id: csm.id, role: "csm" as const, accountId: null };
  const remind = (
    now: Date,
    actor: { id: string; role: "csm" | "admin" | "viewer" | "customer"; accountId: string | null } = csmActor,
    step = acct.m["Sign contract"],
  ) => remindCustomer(db(), actor, step, now, RULES);
  return { csm, csmActor, acct, customer, due, remind, step: acct.m["Sign contract"] };
}

const reminders = (userId: string) =>
  db()
    .selectFrom("email_outbox")
    .select(["id", "dedupe_key", "status", "send_after", "next_attempt_at", "payload"])
    .where("recipient_user_id", "=", userId)
    .where("kind", "=", "nudge_digest")
    .orderBy("created_at")
    .execute();

async function jobRunAt(outboxId: string): Promise<Date> {
  const { rows } = await sql<{ run_at: Date }>`select run_at from graphile_worker._private_jobs
    where payload->>'outboxId' = ${outboxId}`.execute(db());
  expect(rows).toHaveLength(1);
  return rows[0].run_at;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  return (e as InputError).message;
}

describe("when it goes out", () => {
  it("at once in the customer's working hours, recorded on the timeline with who asked", async () => {
    const s = await scenario();
    const r = await s.remind(TUE_14Z);
    expect(r).toEqual({
      to: { id: s.customer.id, name: s.customer.name, email: s.customer.email, timezone: "America/New_York" },
      sendAt: TUE_14Z.toISOString(),
      alreadyQueued: false,
    });
    const [row] = await reminders(s.customer.id);
    expect(row.dedupe_key).toBe(`nudge_digest:${s.customer.id}:2026-03-10`);
    expect(row.send_after).toBeNull();
    const payload = parseEmailPayload("nudge_digest", row.payload);
    expect(payload.remindedBy).toBe("Casey Remind");
    expect(payload.items.map((i) => [i.title, i.daysOverdue])).toEqual([["Sign contract", 1]]);
    // Queued to run at once (the job table's clock is the database's own).
    expect((await jobRunAt(row.id)).getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    const [entry] = await getTimeline(db(), s.csmActor, s.acct.accountId);
    expect(entry).toMatchObject({ kind: "reminded", actorName: "Casey Remind", milestoneTitle: "Sign contract" });
    expect(entry.data).toMatchObject({ toName: s.customer.name, sendAt: TUE_14Z.toISOString() });
    expect(reminderQueuedMessage(r, TUE_14Z, "Europe/London")).toBe(`The reminder goes to ${s.customer.name} now.`);
  });

  it("after their working hours: at 9:00 the next morning in their timezone, not before", async () => {
    const s = await scenario();
    const evening = new Date("2026-03-10T23:00:00Z"); // 19:00 in New York
    const r = await s.remind(evening);
    const nineInNewYork = new Date("2026-03-11T13:00:00Z");
    expect(r.sendAt).toBe(nineInNewYork.toISOString());
    const [row] = await reminders(s.customer.id);
    expect(row.dedupe_key).toBe(`nudge_digest:${s.customer.id}:2026-03-11`);
    expect(row.send_after).toEqual(nineInNewYork);
    expect(row.next_attempt_at).toEqual(nineInNewYork);
    expect(await jobRunAt(row.id)).toEqual(nineInNewYork);
    expect(reminderQueuedMessage(r, evening, "Europe/London")).toBe(
      `The reminder goes to ${s.customer.name} at Mar 11, 2026, 9:00 AM EDT, their time (Mar 11, 2026, 1:00 PM GMT, your time).`,
    );
  });

  it("before their day starts, and over a weekend: the next working day's 9:00", async () => {
    const tokyo = await scenario({ customerTz: "Asia/Tokyo" });
    // Tuesday 14:00 UTC is 23:00 in Tokyo: Wednesday 9:00 there is 00:00 UTC.
    expect((await tokyo.remind(TUE_14Z)).sendAt).toBe("2026-03-11T00:00:00.000Z");
    const weekend = await scenario();
    // Friday 13 March, 22:00 UTC (18:00 in New York): Monday 16 March, 9:00 EDT.
    expect((await weekend.remind(new Date("2026-03-13T22:00:00Z"))).sendAt).toBe("2026-03-16T13:00:00.000Z");
  });

  it("waits for the workspace's own hours and days", async () => {
    const s = await scenario();
    const late: NudgeRules = { ...RULES, startHour: 11, endHour: 15 };
    const r = await remindCustomer(db(), s.csmActor, s.step, TUE_14Z, late); // 10:00 in New York
    expect(r.sendAt).toBe("2026-03-10T15:00:00.000Z");
  });
});

describe("the daily cap", () => {
  it("a customer who had today's reminder gets this one on the next working day", async () => {
    const s = await scenario();
    // The sweep reminds them today of another step; ours was not due yet.
    await s.due("Sign contract", FAR);
    await s.due("Optional intro", "2026-03-11");
    expect((await runNudgeSweep(db(), TUE_14Z, RULES)).filter((q) => q.toEmail === s.customer.email)).toHaveLength(1);
    await s.due("Sign contract", "2026-03-09");
    const r = await s.remind(hoursLater(TUE_14Z, 1));
    expect(r.sendAt).toBe("2026-03-11T13:00:00.000Z");
    expect((await reminders(s.customer.id)).map((x) => x.dedupe_key)).toEqual([
      `nudge_digest:${s.customer.id}:2026-03-10`,
      `nudge_digest:${s.customer.id}:2026-03-11`,
    ]);
  });

  it("and the sweep sends them nothing more on the day the reminder takes", async () => {
    const s = await scenario();
    await s.remind(new Date("2026-03-10T23:00:00Z")); // for Wednesday 9:00
    await s.due("Optional intro", "2026-03-12");
    const wednesday = await runNudgeSweep(db(), new Date("2026-03-11T15:00:00Z"), RULES);
    expect(wednesday.filter((q) => q.toEmail === s.customer.email)).toHaveLength(0);
    expect(await reminders(s.customer.id)).toHaveLength(1);
  });
});

describe("not twice within three days", () => {
  it("refuses when the sweep reminded them of this step, and says when the next can go", async () => {
    const s = await scenario();
    await runNudgeSweep(db(), TUE_14Z, RULES);
    // The worker sent it.
    await db()
      .updateTable("email_outbox")
      .set({ status: "sent" })
      .where("recipient_user_id", "=", s.customer.id)
      .execute();
    const reason = await refusal(s.remind(hoursLater(TUE_14Z, 24)));
    expect(reason).toContain("was reminded about this step on Mar 10, 2026, 10:00 AM EDT");
    expect(reason).toContain("the next reminder can go from Mar 13, 2026, 10:00 AM EDT");
    expect(await reminders(s.customer.id)).toHaveLength(1);
    // Three days on, it may go again.
    expect((await s.remind(hoursLater(TUE_14Z, 72))).alreadyQueued).toBe(false);
    expect(await reminders(s.customer.id)).toHaveLength(2);
  });

  it("a reminder by hand keeps the sweep away from the step for three days from when it goes", async () => {
    const s = await scenario();
    await s.remind(new Date("2026-03-10T23:00:00Z")); // goes Wednesday 13:00 UTC
    // Not escalated to the CSM in these two weeks: the customer's own reminders are what is checked.
    const rules = { ...RULES, escalationDays: 30 };
    const friday = await runNudgeSweep(db(), new Date("2026-03-13T15:00:00Z"), rules);
    expect(friday.filter((q) => q.toEmail === s.customer.email)).toHaveLength(0);
    const monday = await runNudgeSweep(db(), new Date("2026-03-16T15:00:00Z"), rules);
    expect(monday.filter((q) => q.toEmail === s.customer.email)).toHaveLength(1);
  });
});

describe("pressing twice", () => {
  it("a second press answers with the queued reminder and queues nothing", async () => {
    const s = await scenario();
    const evening = new Date("2026-03-10T23:00:00Z");
    const first = await s.remind(evening);
    const second = await s.remind(hoursLater(evening, 0.01));
    expect(second).toEqual({ ...first, alreadyQueued: true });
    expect(await reminders(s.customer.id)).toHaveLength(1);
    const events = await db()
      .selectFrom("milestone_events")
      .select("id")
      .where("kind", "=", "reminded")
      .where("milestone_id", "=", s.step)
      .execute();
    expect(events).toHaveLength(1);
    expect(reminderQueuedMessage(second, evening, "Europe/London")).toMatch(
      /already queued: it goes at .+Nothing more/,
    );
  });

  it("two presses at the same moment queue one email", async () => {
    const s = await scenario();
    const results = await Promise.all([s.remind(TUE_14Z), s.remind(TUE_14Z), s.remind(TUE_14Z)]);
    expect(results.filter((r) => !r.alreadyQueued)).toHaveLength(1);
    expect(await reminders(s.customer.id)).toHaveLength(1);
  });
});

describe("who it never goes to", () => {
  it("someone who turned reminders off, whose address bounced, or whose access was removed", async () => {
    const off = await scenario();
    await db().updateTable("users").set({ nudges_enabled: false }).where("id", "=", off.customer.id).execute();
    expect(await refusal(off.remind(TUE_14Z))).toBe(`${off.customer.name} turned off reminders: we send them none.`);
    const bounced = await scenario();
    await db()
      .insertInto("email_suppressions")
      .values({ email: bounced.customer.email.toLowerCase(), reason: "bounced", created_at: TUE_14Z })
      .execute();
    expect(await refusal(bounced.remind(TUE_14Z))).toContain("bounced or were marked as spam");
    const gone = await scenario();
    await db().updateTable("users").set({ deactivated_at: TUE_14Z }).where("id", "=", gone.customer.id).execute();
    expect(await refusal(gone.remind(TUE_14Z))).toContain("access was removed");
    for (const s of [off, bounced, gone]) expect(await reminders(s.customer.id)).toHaveLength(0);
  });

  it("a step without a customer owner, or in a paused account", async () => {
    const nobody = await scenario();
    await db().updateTable("journey_milestones").set({ owner_user_id: null }).where("id", "=", nobody.step).execute();
    expect(await refusal(nobody.remind(TUE_14Z))).toContain("choose its owner first");
    const paused = await scenario();
    await db().updateTable("accounts").set({ status: "paused" }).where("id", "=", paused.acct.accountId).execute();
    expect(await refusal(paused.remind(TUE_14Z))).toBe("The account is paused: it gets no reminders.");
  });
});

describe("which steps", () => {
  it("not a step that is not overdue yet, an optional one, a closed one or one in a later stage", async () => {
    const s = await scenario();
    await s.due("Sign contract", "2026-03-10"); // due today
    expect(await refusal(s.remind(TUE_14Z))).toBe("This step is not overdue: it is due on Mar 10, 2026.");
    await s.due("Optional intro", "2026-03-01");
    expect(await refusal(s.remind(TUE_14Z, s.csmActor, s.acct.m["Optional intro"]))).toContain("optional");
    await s.due("Set up SSO", "2026-03-01"); // the next stage's
    expect(await refusal(s.remind(TUE_14Z, s.csmActor, s.acct.m["Set up SSO"]))).toContain("has not reached");
    await s.due("Sign contract", "2026-03-09");
    await completeMilestone(db(), s.csmActor, s.step, TUE_14Z);
    expect(await refusal(s.remind(TUE_14Z))).toContain("closed");
    expect(await reminders(s.customer.id)).toHaveLength(0);
  });

  it("not a step our team owns", async () => {
    const s = await scenario();
    await s.due("Sales handoff", "2026-03-01");
    expect(await refusal(s.remind(TUE_14Z, s.csmActor, s.acct.m["Sales handoff"]))).toContain("Our team owns");
  });
});

describe("who may press it", () => {
  it("the account's CSM and admins; a viewer is refused; another CSM and customers find no step", async () => {
    const s = await scenario();
    const viewer = { id: (await makeStaff({ role: "viewer", fn: null })).id, role: "viewer" as const, accountId: null };
    await expect(s.remind(TUE_14Z, viewer)).rejects.toThrow(ForbiddenError);
    const otherCsm = { id: (await makeStaff()).id, role: "csm" as const, accountId: null };
    await expect(s.remind(TUE_14Z, otherCsm)).rejects.toThrow(NotFoundError);
    const stranger = await makeAccount({ csmId: null, playbookId: await makePlaybook(), contacts: 1 });
    const strangerActor = { id: stranger.contacts[0].id, role: "customer" as const, accountId: stranger.accountId };
    await expect(s.remind(TUE_14Z, strangerActor)).rejects.toThrow(NotFoundError);
    const ownCustomer = { id: s.customer.id, role: "customer" as const, accountId: s.acct.accountId };
    await expect(s.remind(TUE_14Z, ownCustomer)).rejects.toThrow(ForbiddenError);
    await expect(planCustomerReminder(db(), viewer, s.step, TUE_14Z, RULES)).rejects.toThrow(ForbiddenError);
    expect(await reminders(s.customer.id)).toHaveLength(0);
    const admin = { id: (await makeStaff({ role: "admin" })).id, role: "admin" as const, accountId: null };
    expect((await s.remind(TUE_14Z, admin)).alreadyQueued).toBe(false);
    expect(await reminders(s.customer.id)).toHaveLength(1);
  });
});

describe("delivery", () => {
  const ctx = () => emailContext(db(), parseEnv({ APP_URL: "http://portal.test" }));

  it("is not sent before it is due, nor requeued or given up early by recovery, and says who asked", async () => {
    const s = await scenario();
    const r = await s.remind(new Date("2026-03-13T22:00:00Z")); // Friday evening: goes Monday
    const [row] = await reminders(s.customer.id);
    const saturday = new Date("2026-03-14T12:00:00Z");
    expect(await deliverEmail(db(), row.id, { sender: null, ctx: await ctx(), now: saturday })).toBe("not_claimed");
    await recoverOutbox(db(), new Date("2026-03-15T23:00:00Z"));
    const waiting = await db()
      .selectFrom("email_outbox")
      .select("status")
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(waiting.status).toBe("queued");
    expect(await deliverEmail(db(), row.id, { sender: null, ctx: await ctx(), now: new Date(r.sendAt) })).toBe("kept");
    const { row: sent, email } = await renderedOutboxEmail(row.id);
    expect(sent.text).toContain("Casey Remind asked us to remind you about this step.");
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("is skipped when the step was done before it was due", async () => {
    const s = await scenario();
    const r = await s.remind(new Date("2026-03-10T23:00:00Z"));
    await completeMilestone(db(), s.csmActor, s.step, new Date("2026-03-11T01:00:00Z"));
    const [row] = await reminders(s.customer.id);
    expect(await deliverEmail(db(), row.id, { sender: null, ctx: await ctx(), now: new Date(r.sendAt) })).toBe(
      "skipped",
    );
  });
});
