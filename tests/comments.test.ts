// Issue 12 §3, comments both ways, in the domain: adding and reading comments, `@email`
// mentions within the account only, tenant isolation, the notices a comment owes, and the
// comment-notice sweep's one digest per person a day under the reminders' contact policy.
import { beforeEach, describe, expect, it } from "vitest";
import { mentionedEmails } from "~/modules/comments/comment-forms";
import { parseEmailPayload } from "~/modules/email/email-payloads";
import { runCommentNoticeSweep } from "~/modules/email/run-comment-notice-sweep.server";
import { addMilestoneComment } from "~/modules/journeys/add-milestone-comment.server";
import { addMilestoneNote } from "~/modules/journeys/add-milestone-note.server";
import { customerJourneyPage } from "~/modules/journeys/customer-journey-page.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import { seedDemo } from "~/server/demo/seed-demo";
import type { NudgeRules } from "~/utils/env.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff, type TestAccount } from "./factories";
import { renderedOutboxEmail } from "./helpers/outbox";

const RULES: NudgeRules = { startHour: 9, endHour: 17, firstDay: 1, lastDay: 5, escalationDays: 5 };
// Tuesday 10 March 2026, 14:00 UTC: working hours for people in UTC.
const TUE_14Z = new Date("2026-03-10T14:00:00Z");
const hoursLater = (d: Date, h: number) => new Date(d.getTime() + h * 3_600_000);

type Person = { id: string; email: string; name: string };

async function person(id: string): Promise<Person> {
  return db().selectFrom("users").select(["id", "email", "name"]).where("id", "=", id).executeTakeFirstOrThrow();
}

interface Scene {
  acct: TestAccount;
  other: TestAccount;
  csm: Person;
  admin: Person;
  ana: Person;
  ben: Person;
  stranger: Person;
  anaActor: { id: string; role: "customer"; accountId: string };
  csmActor: { id: string; role: "csm"; accountId: null };
  /** A customer-owned step of the current stage, owned by Ana. */
  step: string;
}

async function scene(): Promise<Scene> {
  const csmRow = await makeStaff({ name: "Casey CSM" });
  const admin = await person((await makeStaff({ role: "admin", name: "Avery Admin" })).id);
  const playbookId = await makePlaybook();
  const acct = await makeAccount({ csmId: csmRow.id, playbookId });
  const other = await makeAccount({ csmId: (await makeStaff()).id, playbookId });
  const ana = await person(acct.contacts[0].id);
  const ben = await person(acct.contacts[1].id);
  const stranger = await person(other.contacts[0].id);
  const step = acct.m["Sign contract"];
  await db().updateTable("journey_milestones").set({ owner_user_id: ana.id }).where("id", "=", step).execute();
  return {
    acct,
    other,
    csm: await person(csmRow.id),
    admin,
    ana,
    ben,
    stranger,
    anaActor: { id: ana.id, role: "customer", accountId: acct.accountId },
    csmActor: { id: csmRow.id, role: "csm", accountId: null },
    step,
  };
}

const rowsOf = async (table: "milestone_comments" | "comment_mentions" | "comment_notices" | "milestone_events") =>
  Number(
    (
      await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

const everything = async () => ({
  comments: await rowsOf("milestone_comments"),
  mentions: await rowsOf("comment_mentions"),
  notices: await rowsOf("comment_notices"),
  events: await rowsOf("milestone_events"),
});

const sweep = (now: Date) => runCommentNoticeSweep(db(), now, RULES);

const rendered = renderedOutboxEmail;

let s: Scene;
beforeEach(async () => {
  s = await scene();
});

describe("adding and reading comments", () => {
  it("a customer's comment shows on the step's card for the customer and on the account page for staff", async () => {
    await addMilestoneComment(db(), s.anaActor, s.step, "  We signed it, scanning now.  ", TUE_14Z);
    const customerView = await getJourney(db(), s.anaActor, s.acct.accountId, TUE_14Z);
    const page = customerJourneyPage(customerView!);
    const card = page.stages[0].milestones!.find((m) => m.id === s.step)!;
    expect(card.comments).toEqual([
      {
        id: expect.any(String),
        body: "We signed it, scanning now.",
        at: TUE_14Z.toISOString(),
        authorName: s.ana.name,
        authorSide: "customer",
      },
    ]);
    const staffView = await getJourney(db(), s.csmActor, s.acct.accountId, TUE_14Z);
    const staffStep = staffView!.stages[0].milestones.find((m) => m.id === s.step)!;
    expect(staffStep.comments?.map((c) => c.body)).toEqual(["We signed it, scanning now."]);
  });

  it("staff and customers answer each other in order, and the customer's page names our side", async () => {
    await addMilestoneComment(db(), s.anaActor, s.step, "Question first", TUE_14Z);
    await addMilestoneComment(db(), s.csmActor, s.step, "Answer second", hoursLater(TUE_14Z, 1));
    const page = customerJourneyPage((await getJourney(db(), s.anaActor, s.acct.accountId, TUE_14Z))!);
    const card = page.stages[0].milestones!.find((m) => m.id === s.step)!;
    expect(card.comments?.map((c) => [c.body, c.authorSide])).toEqual([
      ["Question first", "customer"],
      ["Answer second", "vendor"],
    ]);
  });

  it("sends comments only for the current stage's cards, not for stages shown as lines", async () => {
    const later = s.acct.m["Set up SSO"];
    await addMilestoneComment(db(), s.csmActor, later, "For later", TUE_14Z);
    const page = customerJourneyPage((await getJourney(db(), s.anaActor, s.acct.accountId, TUE_14Z))!);
    expect(JSON.stringify(page)).not.toContain("For later");
    expect(page.stages[0].milestones!.every((m) => Array.isArray(m.comments))).toBe(true);
  });

  it("internal staff notes never reach the customer's page, while comments do", async () => {
    await addMilestoneNote(db(), s.csmActor, s.step, "INTERNAL: renewal risk", TUE_14Z);
    await addMilestoneComment(db(), s.csmActor, s.step, "Public: thanks for signing", TUE_14Z);
    const page = customerJourneyPage((await getJourney(db(), s.anaActor, s.acct.accountId, TUE_14Z))!);
    const json = JSON.stringify(page);
    expect(json).toContain("Public: thanks for signing");
    expect(json).not.toContain("INTERNAL");
  });

  it("each comment is an event on the account's timeline with who and when", async () => {
    await addMilestoneComment(db(), s.anaActor, s.step, "On the timeline", TUE_14Z);
    const timeline = await getTimeline(db(), s.csmActor, s.acct.accountId);
    const entry = timeline.find((e) => e.kind === "commented");
    expect(entry).toMatchObject({
      actorName: s.ana.name,
      at: TUE_14Z.toISOString(),
      milestoneTitle: "Sign contract",
      data: { text: "On the timeline" },
    });
  });

  it("refuses an empty or too long comment with a message, writing nothing", async () => {
    const before = await everything();
    await expect(addMilestoneComment(db(), s.anaActor, s.step, "   ", TUE_14Z)).rejects.toThrow(InputError);
    await expect(addMilestoneComment(db(), s.anaActor, s.step, "x".repeat(2001), TUE_14Z)).rejects.toThrow(
      /under 2000 characters/,
    );
    expect(await everything()).toEqual(before);
    // 2000 is allowed.
    await addMilestoneComment(db(), s.anaActor, s.step, "x".repeat(2000), TUE_14Z);
    expect((await everything()).comments).toBe(before.comments + 1);
  });
});

describe("tenant isolation", () => {
  it("a customer can neither post on nor read another account's milestones", async () => {
    await addMilestoneComment(db(), s.csmActor, s.step, "Secret to account A", TUE_14Z);
    const strangerActor = { id: s.stranger.id, role: "customer" as const, accountId: s.other.accountId };
    const before = await everything();
    await expect(addMilestoneComment(db(), strangerActor, s.step, "hello", TUE_14Z)).rejects.toThrow(NotFoundError);
    // Pretending to be in account A does not help: the scope is the person's own account.
    await expect(
      addMilestoneComment(
        db(),
        { ...strangerActor, accountId: s.other.accountId },
        s.acct.m["Set up SSO"],
        "x",
        TUE_14Z,
      ),
    ).rejects.toThrow(NotFoundError);
    expect(await everything()).toEqual(before);
    expect(await getJourney(db(), strangerActor, s.acct.accountId, TUE_14Z)).toBeNull();
    const own = customerJourneyPage((await getJourney(db(), strangerActor, s.other.accountId, TUE_14Z))!);
    expect(JSON.stringify(own)).not.toContain("Secret to account A");
  });

  it("another CSM finds no such milestone; a read-only viewer reads but cannot post", async () => {
    const otherCsm = { id: (await makeStaff()).id, role: "csm" as const, accountId: null };
    const viewer = { id: (await makeStaff({ role: "viewer", fn: null })).id, role: "viewer" as const, accountId: null };
    const before = await everything();
    await expect(addMilestoneComment(db(), otherCsm, s.step, "x", TUE_14Z)).rejects.toThrow(NotFoundError);
    await expect(addMilestoneComment(db(), viewer, s.step, "x", TUE_14Z)).rejects.toThrow(ForbiddenError);
    expect(await everything()).toEqual(before);
    await addMilestoneComment(db(), s.anaActor, s.step, "viewers read this", TUE_14Z);
    const seen = await getJourney(db(), viewer, s.acct.accountId, TUE_14Z);
    expect(seen!.stages[0].milestones.find((m) => m.id === s.step)!.comments?.[0].body).toBe("viewers read this");
  });
});

describe("mentions", () => {
  it("reads @email, not a bare address, and stops before trailing punctuation", () => {
    expect(
      mentionedEmails("Hi @Ana@Customer.test, and @ben@x.example. Not ana@customer.test; twice @ana@customer.test"),
    ).toEqual(["ana@customer.test", "ben@x.example"]);
  });

  it("records people of the account (contacts, its CSM, admins) and ignores anyone else without a word", async () => {
    const added = await addMilestoneComment(
      db(),
      s.anaActor,
      s.step,
      `@${s.ben.email} @${s.csm.email.toUpperCase()} @${s.admin.email} @${s.stranger.email} @nobody@nowhere.test`,
      TUE_14Z,
    );
    expect(added.mentioned.map((u) => u.id).sort()).toEqual([s.ben.id, s.csm.id, s.admin.id].sort());
    const rows = await db()
      .selectFrom("comment_mentions")
      .select("user_id")
      .where("comment_id", "=", added.commentId)
      .execute();
    expect(rows.map((r) => r.user_id).sort()).toEqual([s.ben.id, s.csm.id, s.admin.id].sort());
    // The stranger is neither mentioned nor notified, and their address stays plain text.
    expect(added.notified).not.toContain(s.stranger.id);
  });

  it("ignores deactivated people", async () => {
    await db().updateTable("users").set({ deactivated_at: TUE_14Z }).where("id", "=", s.ben.id).execute();
    const added = await addMilestoneComment(db(), s.anaActor, s.step, `@${s.ben.email}`, TUE_14Z);
    expect(added.mentioned).toEqual([]);
  });
});

describe("notices", () => {
  const noticesOf = (commentId: string) =>
    db()
      .selectFrom("comment_notices")
      .select(["user_id", "reasons"])
      .where("comment_id", "=", commentId)
      .orderBy("user_id")
      .execute();

  it("tells the step's owner, the CSM and the people mentioned, never the author", async () => {
    const byCustomer = await addMilestoneComment(db(), s.anaActor, s.step, `@${s.ben.email} please check`, TUE_14Z);
    const got = Object.fromEntries((await noticesOf(byCustomer.commentId)).map((n) => [n.user_id, n.reasons]));
    expect(got).toEqual({ [s.csm.id]: ["csm"], [s.ben.id]: ["mention"] });

    const byCsm = await addMilestoneComment(db(), s.csmActor, s.step, `Done @${s.csm.email}`, TUE_14Z);
    const got2 = Object.fromEntries((await noticesOf(byCsm.commentId)).map((n) => [n.user_id, n.reasons]));
    expect(got2).toEqual({ [s.ana.id]: ["owner"] });
  });

  it("one notice per person, with every reason", async () => {
    const added = await addMilestoneComment(db(), s.csmActor, s.step, `@${s.ana.email} over to you`, TUE_14Z);
    expect(await noticesOf(added.commentId)).toEqual([{ user_id: s.ana.id, reasons: ["owner", "mention"] }]);
  });
});

describe("the comment-notice sweep", () => {
  it("groups a person's notices into one digest, rendered with both parts and an unsubscribe header", async () => {
    await addMilestoneComment(db(), s.anaActor, s.step, "First from Ana", TUE_14Z);
    await addMilestoneComment(
      db(),
      { ...s.anaActor, id: s.ben.id },
      s.acct.m["Sales handoff"],
      "Second from Ben",
      TUE_14Z,
    );
    const { queued } = await sweep(hoursLater(TUE_14Z, 1));
    const toCsm = queued.filter((q) => q.toEmail === s.csm.email);
    expect(toCsm).toEqual([{ outboxId: expect.any(String), toEmail: s.csm.email, comments: 2 }]);
    const { row, email } = await rendered(toCsm[0].outboxId);
    expect(row.kind).toBe("comment_digest");
    const payload = parseEmailPayload("comment_digest", row.payload);
    expect(payload.items.map((i) => i.body).sort()).toEqual(["First from Ana", "Second from Ben"]);
    expect(email.subject).toBe("2 new comments on your steps");
    expect(email.html).toContain("First from Ana");
    expect(email.text).toContain("Second from Ben");
    expect(email.text).toContain(
      `http://portal.test/csm/accounts/${s.acct.accountId}?step=${s.step}#milestone-${s.step}`,
    );
    expect(email.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/portal\.test\/email\/unsubscribe\?token=/);
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("a customer's digest links to their own journey page", async () => {
    await addMilestoneComment(db(), s.csmActor, s.step, "Over to you", TUE_14Z);
    const { queued } = await sweep(TUE_14Z);
    const [toAna] = queued.filter((q) => q.toEmail === s.ana.email);
    const { email } = await rendered(toAna.outboxId);
    expect(email.subject).toBe(`${s.csm.name} commented on "Sign contract"`);
    expect(email.text).toContain(`http://portal.test/journey?step=${s.step}#milestone-${s.step}`);
    expect(email.text).not.toContain("/csm/accounts/");
  });

  it("running it twice sends nothing twice, and a later comment waits for the next day (one digest a day)", async () => {
    await addMilestoneComment(db(), s.anaActor, s.step, "one", TUE_14Z);
    expect((await sweep(TUE_14Z)).queued).toHaveLength(1);
    expect((await sweep(TUE_14Z)).queued).toEqual([]);
    await addMilestoneComment(db(), s.anaActor, s.step, "two", hoursLater(TUE_14Z, 1));
    expect((await sweep(hoursLater(TUE_14Z, 2))).queued).toEqual([]);
    const outbox = () =>
      db().selectFrom("email_outbox").select(["id", "payload"]).where("to_email", "=", s.csm.email).execute();
    expect(await outbox()).toHaveLength(1);
    // Wednesday in working hours: the waiting comment goes, alone.
    const next = await sweep(hoursLater(TUE_14Z, 20));
    expect(next.queued).toEqual([{ outboxId: expect.any(String), toEmail: s.csm.email, comments: 1 }]);
    const payload = parseEmailPayload(
      "comment_digest",
      (await outbox()).find((r) => r.id === next.queued[0].outboxId)!.payload,
    );
    expect(payload.items.map((i) => i.body)).toEqual(["two"]);
    expect((await sweep(hoursLater(TUE_14Z, 21))).queued).toEqual([]);
  });

  it("waits for each person's working hours and days", async () => {
    await db().updateTable("users").set({ timezone: "Asia/Tokyo" }).where("id", "=", s.csm.id).execute();
    await addMilestoneComment(db(), s.anaActor, s.step, "late in Tokyo", TUE_14Z);
    // 23:00 in Tokyo.
    expect((await sweep(TUE_14Z)).queued).toEqual([]);
    // Wednesday 10:00 in Tokyo.
    expect((await sweep(new Date("2026-03-11T01:00:00Z"))).queued.map((q) => q.toEmail)).toEqual([s.csm.email]);
    // A Saturday in UTC is not a working day.
    await addMilestoneComment(db(), s.csmActor, s.step, "weekend", new Date("2026-03-14T10:00:00Z"));
    expect((await sweep(new Date("2026-03-14T10:00:00Z"))).queued).toEqual([]);
    expect((await sweep(new Date("2026-03-16T10:00:00Z"))).queued.map((q) => q.toEmail)).toEqual([s.ana.email]);
  });

  it("someone who turned reminders off gets nothing, not even after turning them back on", async () => {
    await db().updateTable("users").set({ nudges_enabled: false }).where("id", "=", s.csm.id).execute();
    await addMilestoneComment(db(), s.anaActor, s.step, "nobody hears this", TUE_14Z);
    const first = await sweep(TUE_14Z);
    expect(first.queued).toEqual([]);
    expect(first.dropped).toBe(1);
    await db().updateTable("users").set({ nudges_enabled: true }).where("id", "=", s.csm.id).execute();
    expect((await sweep(hoursLater(TUE_14Z, 24))).queued).toEqual([]);
  });

  it("a bounced address, a paused account and a deactivated person get nothing", async () => {
    await db()
      .insertInto("email_suppressions")
      .values({ email: s.csm.email.toLowerCase(), reason: "bounced", created_at: TUE_14Z })
      .execute();
    await addMilestoneComment(db(), s.anaActor, s.step, "to a bounced CSM", TUE_14Z);
    expect(await sweep(TUE_14Z)).toEqual({ queued: [], dropped: 1 });

    await db()
      .updateTable("accounts")
      .set({ status: "paused", paused_at: TUE_14Z })
      .where("id", "=", s.acct.accountId)
      .execute();
    await addMilestoneComment(db(), s.csmActor, s.step, "while paused", TUE_14Z);
    expect(await sweep(TUE_14Z)).toEqual({ queued: [], dropped: 1 });

    await db()
      .updateTable("accounts")
      .set({ status: "active", paused_at: null })
      .where("id", "=", s.acct.accountId)
      .execute();
    await db().updateTable("users").set({ deactivated_at: TUE_14Z }).where("id", "=", s.ana.id).execute();
    await addMilestoneComment(db(), s.csmActor, s.step, "to someone gone", TUE_14Z);
    expect(await sweep(TUE_14Z)).toEqual({ queued: [], dropped: 1 });
  });
});

describe("the demo", () => {
  it("shows an exchange on Acme's open step, with its mention, and owes no emails for it", {
    timeout: 90_000,
  }, async () => {
    await seedDemo(db(), TUE_14Z);
    const rows = await db()
      .selectFrom("milestone_comments as c")
      .innerJoin("users as u", "u.id", "c.author_id")
      .select(["c.id", "u.email"])
      .orderBy("c.created_at")
      .where("u.email", "in", ["chloe@acme.example", "maya@waypoint.example"])
      .execute();
    expect(rows.map((r) => r.email)).toEqual(["chloe@acme.example", "maya@waypoint.example"]);
    const mentions = await db()
      .selectFrom("comment_mentions as x")
      .innerJoin("users as u", "u.id", "x.user_id")
      .select("u.email")
      .where(
        "x.comment_id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    expect(mentions.map((m) => m.email)).toEqual(["dev@acme.example", "dev@acme.example"]);
    const notices = await db()
      .selectFrom("comment_notices")
      .select("user_id")
      .where(
        "comment_id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    expect(notices).toEqual([]);
  });
});
