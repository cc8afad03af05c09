// Issue 12 §4, pulse surveys: after each stage a contact answers "How did <stage> go?" (1-5, a
// feeling, a comment), NPS once at Retention; once per person per stage, changeable for 7 days;
// a low answer alerts the CSM once and shows on the account page; answers are on the timeline.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { renderOutboxEmail } from "~/modules/email/render-email.server";
import { signLink } from "~/modules/email/signed-links.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import { answerPulse, type PulseInput } from "~/modules/pulse/answer-pulse.server";
import { getPulseQuestions } from "~/modules/pulse/get-pulse-questions.server";
import { listAccountPulse } from "~/modules/pulse/list-account-pulse.server";
import { isLowAnswer } from "~/modules/pulse/pulse-rules";
import { InputError, NotFoundError } from "~/utils/errors.server";
import { getSigningSecret } from "~/utils/signing-secret.server";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

const T0 = new Date("2026-03-02T10:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

let csm: { id: string; name: string; email: string };
let acct: TestAccount;
const customer = () => ({ id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId });
const csmActor = () => ({ id: csm.id, role: "csm" as const, accountId: null });

async function finishPurchase(now: Date) {
  await completeMilestone(db(), customer(), acct.m["Sign contract"], now);
  await completeMilestone(db(), csmActor(), acct.m["Sales handoff"], now);
}

/** Onboarding done too: Adoption has nothing required, so the journey reaches Retention. */
async function reachRetention(now: Date) {
  await finishPurchase(now);
  await completeMilestone(db(), csmActor(), acct.m.Kickoff, now);
  await completeMilestone(db(), customer(), acct.m["Set up SSO"], now);
}

async function stageId(name: string) {
  const row = await db()
    .selectFrom("journey_stages")
    .select("id")
    .where("journey_id", "=", acct.journeyId)
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}

const alerts = () =>
  db()
    .selectFrom("email_outbox")
    .selectAll()
    .where("kind", "=", "pulse_alert")
    .where("account_id", "=", acct.accountId)
    .execute();

beforeEach(async () => {
  csm = await makeStaff({ name: "Casey CSM" });
  acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), now: T0, contacts: 2 });
});

describe("which questions a contact is asked", () => {
  it("asks nothing before a stage is finished, then about the stage just finished", async () => {
    expect(await getPulseQuestions(db(), customer().id, acct.journeyId, at(1))).toEqual([]);
    await finishPurchase(at(1));
    const qs = await getPulseQuestions(db(), customer().id, acct.journeyId, at(2));
    expect(qs.map((q) => [q.question, q.stageName, q.answer])).toEqual([["stage", "Purchase", null]]);
  });

  it("stops asking about a stage 30 days after it finished", async () => {
    await finishPurchase(at(1));
    expect(await getPulseQuestions(db(), customer().id, acct.journeyId, at(30))).toHaveLength(1);
    expect(await getPulseQuestions(db(), customer().id, acct.journeyId, at(32))).toEqual([]);
  });

  it("asks the NPS question once the journey reaches Retention, beside the last finished stage", async () => {
    await reachRetention(at(3));
    const qs = await getPulseQuestions(db(), customer().id, acct.journeyId, at(4));
    // Adoption was passed through (nothing required): the last stage finished is Adoption.
    expect(qs.map((q) => [q.question, q.stageName])).toEqual([
      ["stage", "Adoption"],
      ["nps", "Retention"],
    ]);
  });
});

describe("answering", () => {
  const stageAnswer = async (score: number, extra: Partial<PulseInput> = {}): Promise<PulseInput> => ({
    question: "stage",
    stageId: await stageId("Purchase"),
    score,
    feeling: "confident",
    comment: null,
    ...extra,
  });

  it("keeps one answer per person per stage, which changes for 7 days and then is closed", async () => {
    await finishPurchase(at(1));
    const first = await answerPulse(db(), customer().id, await stageAnswer(4), at(2));
    expect(first).toMatchObject({ first: true, low: false, alerted: false });
    const changed = await answerPulse(db(), customer().id, await stageAnswer(5, { comment: "Smooth" }), at(8));
    expect(changed.first).toBe(false);
    const rows = await db().selectFrom("pulse_answers").selectAll().where("journey_id", "=", acct.journeyId).execute();
    expect(rows.map((r) => [r.score, r.comment])).toEqual([[5, "Smooth"]]);
    // 7 days after the first answer, not after the change.
    await expect(answerPulse(db(), customer().id, await stageAnswer(3), at(9))).rejects.toThrow(InputError);
    expect(await getPulseQuestions(db(), customer().id, acct.journeyId, at(9))).toEqual([]);
    // Another contact of the account answers for themselves.
    await answerPulse(db(), acct.contacts[1].id, await stageAnswer(3), at(9));
    expect(
      await db().selectFrom("pulse_answers").select("id").where("journey_id", "=", acct.journeyId).execute(),
    ).toHaveLength(2);
  });

  it("refuses a stage not finished, another journey's stage, and scores out of range", async () => {
    await expect(answerPulse(db(), customer().id, await stageAnswer(4), at(1))).rejects.toThrow(InputError);
    await finishPurchase(at(1));
    const other = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), now: T0 });
    const otherStage = await db()
      .selectFrom("journey_stages")
      .select("id")
      .where("journey_id", "=", other.journeyId)
      .where("position", "=", 1)
      .executeTakeFirstOrThrow();
    await expect(
      answerPulse(db(), customer().id, await stageAnswer(4, { stageId: otherStage.id }), at(2)),
    ).rejects.toThrow(InputError);
    await expect(answerPulse(db(), customer().id, await stageAnswer(6), at(2))).rejects.toThrow(/1 to 5/);
    await expect(answerPulse(db(), customer().id, await stageAnswer(0), at(2))).rejects.toThrow(/1 to 5/);
    await expect(answerPulse(db(), customer().id, await stageAnswer(3, { feeling: null }), at(2))).rejects.toThrow(
      /felt/,
    );
    // Staff have no journey of their own to answer about.
    await expect(answerPulse(db(), csm.id, await stageAnswer(3), at(2))).rejects.toThrow(NotFoundError);
    expect(
      await db().selectFrom("pulse_answers").select("id").where("journey_id", "=", acct.journeyId).execute(),
    ).toHaveLength(0);
  });

  it("alerts the CSM once for a low answer, never for a high one", async () => {
    await finishPurchase(at(1));
    await answerPulse(db(), customer().id, await stageAnswer(3), at(2));
    expect(await alerts()).toHaveLength(0);
    const low = await answerPulse(
      db(),
      customer().id,
      await stageAnswer(2, { feeling: "frustrated", comment: "Slow" }),
      at(3),
    );
    expect(low).toMatchObject({ low: true, alerted: true });
    const [alert] = await alerts();
    expect(alert).toMatchObject({ recipient_user_id: csm.id, to_email: csm.email, status: "queued" });
    expect(alert.payload).toMatchObject({ stageName: "Purchase", score: 2, feeling: "frustrated", comment: "Slow" });
    // Changed again, still low: the CSM already knows.
    const again = await answerPulse(db(), customer().id, await stageAnswer(1, { feeling: "frustrated" }), at(4));
    expect(again).toMatchObject({ low: true, alerted: false });
    expect(await alerts()).toHaveLength(1);
  });

  it("alerts for an NPS of 6 or less, not 7", async () => {
    expect([6, 7].map((n) => isLowAnswer("nps", n))).toEqual([true, false]);
    expect([2, 3].map((n) => isLowAnswer("stage", n))).toEqual([true, false]);
    await reachRetention(at(3));
    const retention = await stageId("Retention");
    await answerPulse(
      db(),
      customer().id,
      { question: "nps", stageId: retention, score: 7, feeling: null, comment: null },
      at(4),
    );
    expect(await alerts()).toHaveLength(0);
    await answerPulse(
      db(),
      acct.contacts[1].id,
      { question: "nps", stageId: retention, score: 6, feeling: null, comment: null },
      at(4),
    );
    expect(await alerts()).toHaveLength(1);
    await expect(
      answerPulse(
        db(),
        customer().id,
        { question: "nps", stageId: retention, score: 11, feeling: null, comment: null },
        at(4),
      ),
    ).rejects.toThrow(/0 to 10/);
  });

  it("puts answers on the timeline and the account page's list, low ones marked", async () => {
    await finishPurchase(at(1));
    await answerPulse(db(), customer().id, await stageAnswer(2, { feeling: "confused", comment: "Who signs?" }), at(2));
    const timeline = await getTimeline(db(), csmActor(), acct.accountId);
    const entry = timeline.find((e) => e.kind === "pulse_answered");
    expect(entry).toMatchObject({ actorName: acct.contacts[0].name, stageName: "Purchase" });
    expect(entry?.data).toMatchObject({ question: "stage", score: 2, feeling: "confused", comment: "Who signs?" });
    const list = await listAccountPulse(db(), csmActor(), acct.accountId);
    expect(list.map((a) => [a.stageName, a.score, a.low])).toEqual([["Purchase", 2, true]]);
    // Another CSM's scope does not reach this account.
    const stranger = await makeStaff();
    expect(await listAccountPulse(db(), { id: stranger.id, role: "csm", accountId: null }, acct.accountId)).toEqual([]);
  });

  it("renders the CSM's alert with its subject, HTML, text and an unsubscribe header", async () => {
    await finishPurchase(at(1));
    await answerPulse(
      db(),
      customer().id,
      await stageAnswer(1, { feeling: "frustrated", comment: "Nobody called back" }),
      at(2),
    );
    const [row] = await alerts();
    const email = await renderOutboxEmail(
      { ...row, recipient_name: csm.name, recipient_role: "csm" },
      {
        appUrl: "https://portal.example",
        productName: "Waypoint",
        vendorName: "Acme Cloud",
        brandColour: null,
        logoUrl: null,
        from: "Acme <cs@acme.example>",
        secret: Buffer.alloc(32, 7),
      },
    );
    expect(email.subject).toBe(`${acct.contacts[0].name} at ${await accountName()} rated Purchase 1 out of 5`);
    expect(email.html).toContain("Nobody called back");
    expect(email.text).toContain(`https://portal.example/csm/accounts/${acct.accountId}#pulse`);
    expect(email.headers["List-Unsubscribe"]).toMatch(/unsubscribe/);
  });
});

async function accountName() {
  const a = await db().selectFrom("accounts").select("name").where("id", "=", acct.accountId).executeTakeFirstOrThrow();
  return a.name;
}

describe("over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("shows the question on /journey, takes an answer, and refuses a bad one with a message", async () => {
    const now = new Date();
    // The journey started 10 days ago and finished its first stage yesterday.
    await finishPurchase(new Date(now.getTime() - 86_400_000));
    const cookie = await sessionCookie(acct.contacts[0].id);
    const page = await (await server.get("/journey", cookie)).text();
    expect(page).toContain("How did Purchase go?");
    const purchase = await stageId("Purchase");
    const bad = await server.post(
      "/journey",
      { intent: "pulse", question: "stage", stageId: purchase, score: "9", feeling: "neutral" },
      { cookie },
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose a score from 1 to 5.");
    const noFeeling = await server.post(
      "/journey",
      { intent: "pulse", question: "stage", stageId: purchase, score: "4" },
      { cookie },
    );
    expect(noFeeling.status).toBe(400);
    const ok = await server.post(
      "/journey",
      {
        intent: "pulse",
        question: "stage",
        stageId: purchase,
        score: "4",
        feeling: "confident",
        comment: "Good start",
      },
      { cookie },
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Thank you: your answer was sent.");
    const rows = await db().selectFrom("pulse_answers").selectAll().where("journey_id", "=", acct.journeyId).execute();
    expect(rows.map((r) => [r.score, r.feeling, r.comment])).toEqual([[4, "confident", "Good start"]]);
    // The CSM reads it on the account page.
    const staffPage = await (await server.get(`/csm/accounts/${acct.accountId}`, await sessionCookie(csm.id))).text();
    expect(staffPage).toContain("How they feel");
    expect(staffPage).toContain("Good start");
  });
});

describe("from the stage email", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const ctx = async () => ({
    appUrl: "https://portal.example",
    productName: "Waypoint",
    vendorName: "Acme Cloud",
    brandColour: null,
    logoUrl: null,
    from: "Acme <cs@acme.example>",
    secret: await getSigningSecret(db()),
  });

  it("asks the contact how the stage just finished went, with one link per score; the CSM's email does not", async () => {
    await finishPurchase(new Date());
    const rows = await db()
      .selectFrom("email_outbox as e")
      .innerJoin("users as u", "u.id", "e.recipient_user_id")
      .select([
        "e.id",
        "e.kind",
        "e.payload",
        "e.created_at",
        "e.recipient_user_id",
        "u.name as recipient_name",
        "u.role as recipient_role",
      ])
      .where("e.account_id", "=", acct.accountId)
      .where("e.kind", "in", ["stage_entered_customer", "stage_entered_csm"])
      .execute();
    const toCustomer = rows.find((r) => r.recipient_user_id === acct.contacts[0].id)!;
    const toCsm = rows.find((r) => r.kind === "stage_entered_csm")!;
    const customerEmail = await renderOutboxEmail(toCustomer, await ctx());
    expect(customerEmail.text).toContain("How did Purchase go?");
    const links = [...customerEmail.text.matchAll(/https:\/\/portal\.example\/pulse\?token=[^\s&]+&score=(\d)/g)];
    expect(links.map((m) => m[1])).toEqual(["1", "2", "3", "4", "5"]);
    const csmEmail = await renderOutboxEmail(toCsm, await ctx());
    expect(csmEmail.text).not.toContain("/pulse?");

    // Following a link records nothing: it shows the score to confirm.
    const path = links[1]![0].replace("https://portal.example", "");
    const shown = await server.get(path);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain("How did Purchase go?");
    const checked = (html.match(/<input[^>]*name="score"[^>]*>/g) ?? []).filter((i) => i.includes('checked=""'));
    expect(checked.map((i) => i.match(/value="(\d)"/)?.[1])).toEqual(["2"]);
    const count = () =>
      db().selectFrom("pulse_answers").select("id").where("journey_id", "=", acct.journeyId).execute();
    expect(await count()).toHaveLength(0);
    // Without a feeling: 400 with the message beside the field, nothing saved.
    const missing = await server.post(path, { score: "2" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Choose how you felt.");
    expect(await count()).toHaveLength(0);
    const sent = await server.post(path, { score: "2", feeling: "confused", comment: "Who does the SSO?" });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("was sent to your customer success team");
    expect(await count()).toHaveLength(1);
    // Low: the CSM was told.
    expect(await alerts()).toHaveLength(1);
  });

  it("refuses a tampered or expired link, and says when the question has closed", async () => {
    await finishPurchase(at(1));
    const secret = await getSigningSecret(db());
    const purchase = await stageId("Purchase");
    const claims = { p: "pulse" as const, u: acct.contacts[0].id, s: purchase };
    const expired = signLink(secret, { ...claims, exp: Math.floor(Date.now() / 1000) - 60 });
    const r1 = await server.get(`/pulse?token=${encodeURIComponent(expired)}&score=3`);
    expect(r1.status).toBe(400);
    expect(await r1.text()).toContain("This survey link has expired");
    const good = signLink(secret, { ...claims, exp: Math.floor(Date.now() / 1000) + 3600 });
    const r2 = await server.get(`/pulse?token=${encodeURIComponent(`${good.slice(0, -2)}xx`)}&score=3`);
    expect(r2.status).toBe(400);
    expect(await r2.text()).toContain("This survey link is not valid");
    const r3 = await server.get(`/pulse?token=${encodeURIComponent(good)}&score=9`);
    expect(r3.status).toBe(400);
    // Purchase finished on day 1 of a journey that started in March: today it is no longer asked.
    const r4 = await server.get(`/pulse?token=${encodeURIComponent(good)}&score=3`);
    expect(r4.status).toBe(200);
    expect(await r4.text()).toContain("This survey is closed");
    const r5 = await server.post(`/pulse?token=${encodeURIComponent(good)}`, { score: "3", feeling: "neutral" });
    expect(r5.status).toBe(400);
  });
});
