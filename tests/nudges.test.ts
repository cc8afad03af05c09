// The nudge sweep's rules with fixed clocks: working hours in each person's
// timezone, one digest a day, three days between nudges about one milestone,
// quiet after a visit, unreached stages, escalation, opt-outs and bounces.
import { describe, expect, it } from "vitest";
import { parseEmailPayload } from "~/modules/email/email-payloads";
import { type QueuedNudge, runNudgeSweep } from "~/modules/email/run-nudge-sweep.server";
import type { NudgeRules } from "~/utils/env.server";
import { db, makeAccount, makePlaybook, makeStaff } from "./factories";
import { renderedOutboxEmail } from "./helpers/outbox";

const RULES: NudgeRules = { startHour: 9, endHour: 17, firstDay: 1, lastDay: 5, escalationDays: 5 };
// Tuesday 10 March 2026, 14:00 UTC: 10:00 in New York, 23:00 in Tokyo.
const TUE_14Z = new Date("2026-03-10T14:00:00Z");
const hoursLater = (d: Date, h: number) => new Date(d.getTime() + h * 3_600_000);
const FAR = "2027-01-01";

async function scenario(opts: { customerTz?: string; csmTz?: string; accountTz?: string } = {}) {
  const csm = await makeStaff({ timezone: opts.csmTz ?? "America/New_York" });
  const acct = await makeAccount({
    csmId: csm.id,
    playbookId: await makePlaybook(),
    contacts: 1,
    timezone: opts.accountTz ?? "UTC",
  });
  const customer = await db()
    .updateTable("users")
    .set({ timezone: opts.customerTz ?? "America/New_York" })
    .where("id", "=", acct.contacts[0].id)
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  // Nothing is due until a test says so.
  await db().updateTable("journey_milestones").set({ due_on: FAR }).where("journey_id", "=", acct.journeyId).execute();
  const due = (title: string, date: string) =>
    db().updateTable("journey_milestones").set({ due_on: date }).where("id", "=", acct.m[title]).execute();
  // The playbook's second customer step in the first stage is optional, and an
  // optional step is never late (ADR 021): a test that needs a second late step
  // makes it required first.
  const makeRequired = (title: string) =>
    db().updateTable("journey_milestones").set({ required: true }).where("id", "=", acct.m[title]).execute();
  return { csm, acct, customer, due, makeRequired };
}

const sweep = (now: Date, rules = RULES) => runNudgeSweep(db(), now, rules);
const to = (queued: QueuedNudge[], email: string, kind: QueuedNudge["kind"] = "nudge_digest") =>
  queued.filter((q) => q.toEmail === email && q.kind === kind);
/** What the sweep's SQL wrote, parsed with the schema rendering uses: a mismatch throws here. */
async function storedPayload<K extends "nudge_digest" | "escalation">(outboxId: string, kind: K) {
  const row = await db()
    .selectFrom("email_outbox")
    .select(["kind", "payload"])
    .where("id", "=", outboxId)
    .executeTakeFirstOrThrow();
  expect(row.kind).toBe(kind);
  return parseEmailPayload(kind, row.payload);
}
const payloadOf = (outboxId: string) => storedPayload(outboxId, "nudge_digest");

describe("working hours", () => {
  it("nudges each person in their own 9-17, Monday to Friday", async () => {
    const ny = await scenario({ customerTz: "America/New_York" });
    const tokyo = await scenario({ customerTz: "Asia/Tokyo" });
    await ny.due("Sign contract", "2026-03-09");
    await tokyo.due("Sign contract", "2026-03-09");

    const tue = await sweep(TUE_14Z); // NY 10:00, Tokyo 23:00
    expect(to(tue, ny.customer.email)).toHaveLength(1);
    expect(to(tue, tokyo.customer.email)).toHaveLength(0);

    const wed = await sweep(hoursLater(TUE_14Z, 11)); // Wed 01:00Z: Tokyo 10:00, NY 21:00
    expect(to(wed, tokyo.customer.email)).toHaveLength(1);
    expect(to(wed, ny.customer.email)).toHaveLength(0);
  });

  it("sends nothing on a weekend or outside the configured hours", async () => {
    const s = await scenario({ customerTz: "Europe/Berlin" });
    await s.due("Sign contract", "2026-03-13");
    expect(to(await sweep(new Date("2026-03-14T10:00:00Z")), s.customer.email)).toHaveLength(0); // Saturday
    expect(to(await sweep(new Date("2026-03-16T07:30:00Z")), s.customer.email)).toHaveLength(0); // Mon 08:30
    expect(
      to(await sweep(new Date("2026-03-16T07:30:00Z"), { ...RULES, startHour: 8 }), s.customer.email),
    ).toHaveLength(1);
  });
});

describe("what is due", () => {
  it("includes steps due within two days and overdue ones, not later ones, oldest first", async () => {
    const s = await scenario();
    await s.due("Sign contract", "2026-03-12"); // in 2 days
    await s.due("Optional intro", "2026-03-13"); // in 3 days
    const [q] = to(await sweep(TUE_14Z), s.customer.email);
    expect((await payloadOf(q.outboxId)).items.map((i) => [i.title, i.daysOverdue])).toEqual([["Sign contract", -2]]);

    const s2 = await scenario();
    await s2.makeRequired("Optional intro"); // a required late step
    await s2.due("Sign contract", "2026-03-11");
    await s2.due("Optional intro", "2026-03-08");
    const [q2] = to(await sweep(TUE_14Z), s2.customer.email);
    expect((await payloadOf(q2.outboxId)).items.map((i) => [i.title, i.daysOverdue])).toEqual([
      ["Optional intro", 2],
      ["Sign contract", -1],
    ]);
  });

  it("never nudges about a stage the journey has not reached", async () => {
    const s = await scenario();
    await s.due("Set up SSO", "2026-03-05"); // Onboarding; the journey is in Purchase
    await s.due("Kickoff", "2026-03-05");
    const queued = await sweep(TUE_14Z);
    expect(to(queued, s.customer.email)).toHaveLength(0);
    expect(to(queued, s.csm.email)).toHaveLength(0);
  });

  it("groups one person's steps across accounts into one email", async () => {
    const csm = await makeStaff({ timezone: "UTC" });
    const playbookId = await makePlaybook();
    const accounts = [];
    for (const name of ["Zeta Corp", "Alpha Inc"]) {
      const a = await makeAccount({ csmId: csm.id, playbookId, contacts: 1, name });
      await db().updateTable("journey_milestones").set({ due_on: FAR }).where("journey_id", "=", a.journeyId).execute();
      accounts.push(a);
    }
    await db()
      .updateTable("journey_milestones")
      .set({ due_on: "2026-03-06" })
      .where("id", "=", accounts[0].m["Sales handoff"])
      .execute();
    await db()
      .updateTable("journey_milestones")
      .set({ due_on: "2026-03-09" })
      .where("id", "=", accounts[1].m["Sales handoff"])
      .execute();
    const mine = to(await sweep(TUE_14Z), csm.email);
    expect(mine).toHaveLength(1);
    expect((await payloadOf(mine[0].outboxId)).items.map((i) => i.accountName)).toEqual(["Zeta Corp", "Alpha Inc"]);
    const row = await db()
      .selectFrom("email_outbox")
      .select("account_id")
      .where("id", "=", mine[0].outboxId)
      .executeTakeFirstOrThrow();
    expect(row.account_id).toBeNull();
  });
});

describe("not too often", () => {
  it("sends at most one digest per person per day, however often the sweep runs", async () => {
    const s = await scenario();
    await s.due("Sign contract", "2026-03-09");
    expect(to(await sweep(TUE_14Z), s.customer.email)).toHaveLength(1);
    expect(to(await sweep(TUE_14Z), s.customer.email)).toHaveLength(0);
    await s.makeRequired("Optional intro");
    await s.due("Optional intro", "2026-03-09"); // something new the same day
    expect(to(await sweep(hoursLater(TUE_14Z, 1)), s.customer.email)).toHaveLength(0);
    // The next day it arrives, without the step nudged yesterday.
    const [next] = to(await sweep(hoursLater(TUE_14Z, 24)), s.customer.email);
    expect((await payloadOf(next.outboxId)).items.map((i) => i.title)).toEqual(["Optional intro"]);
  });

  it("does not nudge about the same milestone more than once every three days", async () => {
    const s = await scenario();
    await s.due("Sign contract", "2026-03-09");
    expect(to(await sweep(TUE_14Z), s.customer.email)).toHaveLength(1);
    expect(to(await sweep(hoursLater(TUE_14Z, 24)), s.customer.email)).toHaveLength(0);
    expect(to(await sweep(hoursLater(TUE_14Z, 48)), s.customer.email)).toHaveLength(0);
    expect(to(await sweep(hoursLater(TUE_14Z, 72)), s.customer.email)).toHaveLength(1);
  });

  it("leaves alone someone who used the portal in the last day and has nothing overdue", async () => {
    const s = await scenario();
    await s.due("Sign contract", "2026-03-11"); // due tomorrow, not overdue
    await db()
      .updateTable("users")
      .set({ last_seen_at: hoursLater(TUE_14Z, -3) })
      .where("id", "=", s.customer.id)
      .execute();
    expect(to(await sweep(TUE_14Z), s.customer.email)).toHaveLength(0);
    // Something overdue: the visit no longer keeps the reminder away.
    await s.makeRequired("Optional intro");
    await s.due("Optional intro", "2026-03-09");
    expect(to(await sweep(hoursLater(TUE_14Z, 1)), s.customer.email)).toHaveLength(1);
    // A visit more than 24 hours ago does not count.
    const s2 = await scenario();
    await s2.due("Sign contract", "2026-03-11");
    await db()
      .updateTable("users")
      .set({ last_seen_at: hoursLater(TUE_14Z, -25) })
      .where("id", "=", s2.customer.id)
      .execute();
    expect(to(await sweep(TUE_14Z), s2.customer.email)).toHaveLength(1);
  });
});

describe("escalation", () => {
  it("sends customer steps overdue by more than N days to the CSM instead of the customer", async () => {
    const s = await scenario({ csmTz: "Europe/London" });
    await s.makeRequired("Optional intro");
    await s.due("Sign contract", "2026-03-04"); // 6 days overdue on the 10th
    await s.due("Optional intro", "2026-03-05"); // 5 days: still the customer's
    const queued = await sweep(TUE_14Z);
    const [digest] = to(queued, s.customer.email);
    expect((await payloadOf(digest.outboxId)).items.map((i) => i.title)).toEqual(["Optional intro"]);
    const [escalation] = to(queued, s.csm.email, "escalation");
    const payload = await storedPayload(escalation.outboxId, "escalation");
    expect(payload.items.map((i) => i.title)).toEqual(["Sign contract"]);
    expect(payload.thresholdDays).toBe(5);
    // The threshold is configurable.
    const s2 = await scenario({ csmTz: "Europe/London" });
    await s2.due("Sign contract", "2026-03-04");
    const queued2 = await sweep(TUE_14Z, { ...RULES, escalationDays: 10 });
    expect(to(queued2, s2.csm.email, "escalation")).toHaveLength(0);
    expect(to(queued2, s2.customer.email)).toHaveLength(1);
  });

  it("an escalation renders with the customer's name and a link to the account", async () => {
    const s = await scenario({ csmTz: "UTC" });
    await s.due("Sign contract", "2026-03-01");
    const [escalation] = to(await sweep(TUE_14Z), s.csm.email, "escalation");
    const email = await rendered(escalation.outboxId);
    expect(email.subject).toMatch(/overdue/i);
    expect(email.text).toContain(s.acct.contacts[0].name);
    expect(email.text).toContain(`http://portal.test/csm/accounts/${s.acct.accountId}`);
  });
});

/** The outbox row as rendering reads it, rendered for the test portal. */
async function rendered(outboxId: string) {
  return (await renderedOutboxEmail(outboxId)).email;
}

// Issue 9, item 18: an optional step is never overdue, so past its date it
// neither appears as "overdue" in a digest nor escalates (ADR 021).
describe("optional steps", () => {
  it("are reminded while due soon, like any step", async () => {
    const s = await scenario();
    await s.due("Optional intro", "2026-03-10"); // due today
    const [q] = to(await sweep(TUE_14Z), s.customer.email);
    expect((await payloadOf(q.outboxId)).items.map((i) => [i.title, i.daysOverdue])).toEqual([["Optional intro", 0]]);
  });

  it("past their date are not called overdue: they leave the digest", async () => {
    const s = await scenario();
    await s.due("Sign contract", "2026-03-11"); // due tomorrow
    await s.due("Optional intro", "2026-03-08"); // optional, two days past its date
    const [q] = to(await sweep(TUE_14Z), s.customer.email);
    const items = (await payloadOf(q.outboxId)).items;
    expect(items.map((i) => i.title)).toEqual(["Sign contract"]);
    expect(items.filter((i) => i.daysOverdue > 0)).toEqual([]);
    const email = await rendered(q.outboxId);
    expect(email.subject).toBe("1 step due soon");
    expect(email.text).not.toMatch(/Overdue by|Optional intro/);
    // Alone, an optional step past its date sends nothing at all.
    const alone = await scenario();
    await alone.due("Optional intro", "2026-03-08");
    expect(to(await sweep(TUE_14Z), alone.customer.email)).toHaveLength(0);
  });

  it("past their date never escalate to the CSM, however long ago", async () => {
    const s = await scenario({ csmTz: "UTC" });
    await s.due("Optional intro", "2026-02-01"); // five weeks past, far over the threshold
    const queued = await sweep(TUE_14Z);
    expect(to(queued, s.csm.email, "escalation")).toHaveLength(0);
    expect(to(queued, s.customer.email)).toHaveLength(0);
    // The same step made required is escalated: the date alone would.
    await s.makeRequired("Optional intro");
    expect(to(await sweep(hoursLater(TUE_14Z, 1)), s.csm.email, "escalation")).toHaveLength(1);
  });

  it("past their date do not end the quiet after a visit", async () => {
    const s = await scenario();
    await s.due("Sign contract", "2026-03-11"); // due tomorrow
    await s.due("Optional intro", "2026-03-09"); // optional, a day past its date
    await db()
      .updateTable("users")
      .set({ last_seen_at: hoursLater(TUE_14Z, -3) })
      .where("id", "=", s.customer.id)
      .execute();
    expect(to(await sweep(TUE_14Z), s.customer.email)).toHaveLength(0);
  });
});

describe("the payload built in SQL", () => {
  it("holds exactly what the digest and escalation schemas describe", async () => {
    const s = await scenario({ csmTz: "Europe/London" });
    await s.due("Sign contract", "2026-03-04"); // 6 days overdue: escalated to the CSM
    await s.due("Optional intro", "2026-03-11"); // due tomorrow: the customer's digest
    const queued = await sweep(TUE_14Z);
    const [digest] = to(queued, s.customer.email);
    const [escalation] = to(queued, s.csm.email, "escalation");

    const account = await db()
      .selectFrom("accounts")
      .select("name")
      .where("id", "=", s.acct.accountId)
      .executeTakeFirstOrThrow();
    const stageOf = async (milestoneId: string) =>
      (
        await db()
          .selectFrom("journey_milestones as m")
          .innerJoin("journey_stages as st", "st.id", "m.stage_id")
          .select("st.name")
          .where("m.id", "=", milestoneId)
          .executeTakeFirstOrThrow()
      ).name;

    expect(await storedPayload(digest.outboxId, "nudge_digest")).toEqual({
      items: [
        {
          milestoneId: s.acct.m["Optional intro"],
          title: "Optional intro",
          stageName: await stageOf(s.acct.m["Optional intro"]),
          dueOn: "2026-03-11",
          daysOverdue: -1,
          accountId: s.acct.accountId,
          accountName: account.name,
          ownerName: null,
          csmId: s.csm.id,
        },
      ],
    });
    expect(await storedPayload(escalation.outboxId, "escalation")).toEqual({
      items: [
        {
          milestoneId: s.acct.m["Sign contract"],
          title: "Sign contract",
          stageName: await stageOf(s.acct.m["Sign contract"]),
          dueOn: "2026-03-04",
          daysOverdue: 6,
          accountId: s.acct.accountId,
          accountName: account.name,
          ownerName: s.acct.contacts[0].name,
          csmId: s.csm.id,
        },
      ],
      thresholdDays: 5,
    });
  });

  it("is refused by the schema when a field goes missing or changes type", () => {
    const item = {
      milestoneId: "6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f",
      title: "Sign contract",
      stageName: "Purchase",
      dueOn: "2026-03-04",
      daysOverdue: 6,
      accountId: "7f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f",
      accountName: "Northwind Traders",
      ownerName: null,
    };
    expect(() => parseEmailPayload("nudge_digest", { items: [item] })).not.toThrow();
    expect(() => parseEmailPayload("nudge_digest", { items: [{ ...item, dueOn: "2026-03-04T00:00:00Z" }] })).toThrow();
    expect(() => parseEmailPayload("nudge_digest", { items: [{ ...item, daysOverdue: "6" }] })).toThrow();
    expect(() => parseEmailPayload("escalation", { items: [item] })).toThrow();
  });
});

describe("people who said no", () => {
  it("skips people who turned reminders off, whose address bounced, or who were deactivated", async () => {
    const off = await scenario();
    const bounced = await scenario();
    const gone = await scenario();
    const fine = await scenario();
    for (const s of [off, bounced, gone, fine]) await s.due("Sign contract", "2026-03-09");
    await db().updateTable("users").set({ nudges_enabled: false }).where("id", "=", off.customer.id).execute();
    await db()
      .insertInto("email_suppressions")
      .values({ email: bounced.customer.email.toLowerCase(), reason: "bounced", created_at: TUE_14Z })
      .execute();
    await db().updateTable("users").set({ deactivated_at: TUE_14Z }).where("id", "=", gone.customer.id).execute();
    const queued = await sweep(TUE_14Z);
    expect(to(queued, off.customer.email)).toHaveLength(0);
    expect(to(queued, bounced.customer.email)).toHaveLength(0);
    expect(to(queued, gone.customer.email)).toHaveLength(0);
    expect(to(queued, fine.customer.email)).toHaveLength(1);
  });

  it("a digest renders with a link straight to each milestone and a mark-as-done link", async () => {
    const s = await scenario();
    await s.due("Sign contract", "2026-03-09");
    const [q] = to(await sweep(TUE_14Z), s.customer.email);
    const email = await rendered(q.outboxId);
    const sign = s.acct.m["Sign contract"];
    expect(email.text).toContain(`http://portal.test/journey?step=${sign}#milestone-${sign}`);
    expect(email.text).toMatch(/http:\/\/portal\.test\/email\/done\?token=[\w-]+\.[\w-]+/);
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });
});
