// Stage emails take their words from the journey's playbook version (ADR 037):
// the words are fixed in the outbox row when it is queued, so editing the draft
// or publishing a new version never changes an email already queued.
import { beforeAll, describe, expect, it } from "vitest";
import { deliverEmail } from "~/modules/email/deliver-email.server";
import { emailContext } from "~/modules/email/email-context.server";
import { getOutboxEmail } from "~/modules/email/get-outbox-email.server";
import type { EmailContext } from "~/modules/email/render-email.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import { type PlaybookDocumentInput, playbookDocumentSchema } from "~/modules/playbooks/playbook-document";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { readPlaybookDraft } from "~/modules/playbooks/read-playbook-draft.server";
import { saveStageEmail } from "~/modules/playbooks/save-stage-email.server";
import { parseEnv } from "~/utils/env.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff, smallPlaybook, type TestAccount } from "./factories";

const T0 = new Date("2026-03-10T10:00:00Z");
const env = parseEnv({ EMAIL_FROM: "Acme Cloud <success@acme.test>", APP_URL: "http://portal.test" });
const ADMIN = { id: "00000000-0000-4000-8000-000000000001", role: "admin" as const, accountId: null };
const V1_WORDS = {
  subject: "Onboarding begins, {account}",
  intro: "Hello from {vendor}. These are version 1's words.",
};

let ctx: EmailContext;
let csm: { id: string };

beforeAll(async () => {
  ctx = await emailContext(db(), env);
  csm = await makeStaff();
});

function playbookWithWords(): PlaybookDocumentInput {
  const pb = smallPlaybook();
  pb.stages[1]!.email = V1_WORDS;
  return pb;
}

/** Finishes Purchase: the journey enters Onboarding, and its contacts' stage emails are queued. */
async function enterOnboarding(acct: TestAccount, now: Date) {
  const customer = { id: acct.contacts[0]!.id, role: "customer" as const, accountId: acct.accountId };
  await completeMilestone(db(), customer, acct.m["Sign contract"]!, now);
  await completeMilestone(db(), { id: csm.id, role: "csm", accountId: null }, acct.m["Sales handoff"]!, now);
}

function customerEmails(accountId: string) {
  return db()
    .selectFrom("email_outbox")
    .select(["id", "payload", "subject", "text", "status"])
    .where("account_id", "=", accountId)
    .where("kind", "=", "stage_entered_customer")
    .orderBy("to_email")
    .execute();
}

async function account(playbookId: string, name: string) {
  return makeAccount({ csmId: csm.id, playbookId, name, now: T0, startedOn: "2026-03-10" });
}

describe("the words a stage email is queued with", () => {
  it("come from the stage in the journey's version, placeholders filled when rendered", async () => {
    const playbookId = await makePlaybook(playbookWithWords());
    const acct = await account(playbookId, "Northwind Traders");
    await enterOnboarding(acct, T0);

    const rows = await customerEmails(acct.accountId);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect((row.payload as { copy: unknown }).copy).toEqual(V1_WORDS);
      expect(await deliverEmail(db(), row.id, { sender: null, ctx, now: T0 })).toBe("kept");
    }
    const kept = await customerEmails(acct.accountId);
    expect(kept.map((r) => r.subject)).toEqual([
      "Onboarding begins, Northwind Traders",
      "Onboarding begins, Northwind Traders",
    ]);
    expect(kept[0]!.text).toContain("Hello from Acme Cloud. These are version 1's words.");
  });

  it("are the generic ones when the version gives the stage none", async () => {
    const playbookId = await makePlaybook(smallPlaybook());
    const acct = await account(playbookId, "Initech");
    await enterOnboarding(acct, T0);
    const [row] = await customerEmails(acct.accountId);
    expect((row!.payload as { copy: unknown }).copy).toBeNull();
    const shown = await getOutboxEmail(db(), ADMIN, row!.id, ctx);
    expect(shown.subject).toBe("Your journey moves on: Onboarding");
    expect(shown.text).toContain("Your journey with Acme Cloud has moved on to a new stage: Onboarding.");
  });
});

describe("editing and publishing a playbook", () => {
  it("never changes an email already queued; journeys keep their version's words, new ones get the new words", async () => {
    const playbookId = await makePlaybook(playbookWithWords());
    const queuedBefore = await account(playbookId, "Queued Before Ltd");
    const onVersion1 = await account(playbookId, "Still On One Ltd");
    await enterOnboarding(queuedBefore, T0);
    const [waiting] = await customerEmails(queuedBefore.accountId);
    expect(waiting!.status).toBe("queued");
    const before = await getOutboxEmail(db(), ADMIN, waiting!.id, ctx);
    expect(before.subject).toBe("Onboarding begins, Queued Before Ltd");

    // The admin rewrites the stage's words in the draft and publishes version 2.
    await saveStageEmail(db(), ADMIN, {
      playbookId,
      stageKey: "onboarding",
      subject: "Version 2 says hello, {account}",
      intro: "Rewritten words.",
    });
    const { number } = await publishPlaybook(db(), { playbookId, note: "New onboarding words." }, T0);
    expect(number).toBe(2);

    // The queued email reads as it did, in the outbox and when it is finally sent.
    const [still] = await customerEmails(queuedBefore.accountId);
    expect(still!.payload).toEqual(waiting!.payload);
    const after = await getOutboxEmail(db(), ADMIN, waiting!.id, ctx);
    expect({ subject: after.subject, html: after.html, text: after.text }).toEqual({
      subject: before.subject,
      html: before.html,
      text: before.text,
    });
    expect(await deliverEmail(db(), waiting!.id, { sender: null, ctx, now: T0 })).toBe("kept");
    const [sent] = await customerEmails(queuedBefore.accountId);
    expect(sent!.subject).toBe("Onboarding begins, Queued Before Ltd");
    expect(sent!.text).not.toContain("Rewritten words.");

    // A journey started on version 1 moves after the publish: its version's words, not the newest.
    await enterOnboarding(onVersion1, T0);
    const [v1Row] = await customerEmails(onVersion1.accountId);
    expect((v1Row!.payload as { copy: unknown }).copy).toEqual(V1_WORDS);

    // A journey started on version 2 gets the new words.
    const onVersion2 = await account(playbookId, "Fresh Start Ltd");
    await enterOnboarding(onVersion2, T0);
    const [v2Row] = await customerEmails(onVersion2.accountId);
    expect((await getOutboxEmail(db(), ADMIN, v2Row!.id, ctx)).subject).toBe("Version 2 says hello, Fresh Start Ltd");
  });
});

describe("saving a stage's words in the draft", () => {
  const draftEmail = async (playbookId: string) =>
    (await readPlaybookDraft(db(), playbookId)).stages.find((s) => s.key === "onboarding")!.email;

  it("refuses anyone but an admin, and bad words with the field they are about, saving nothing", async () => {
    const playbookId = await makePlaybook(playbookWithWords());
    const save = (
      actor: { role: "admin" | "csm" | "viewer" },
      subject: string,
      intro: string,
      stageKey = "onboarding",
    ) => saveStageEmail(db(), actor, { playbookId, stageKey, subject, intro });

    await expect(save({ role: "csm" }, "New", "Words")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(save({ role: "viewer" }, "New", "Words")).rejects.toBeInstanceOf(ForbiddenError);
    const refusals: [string, string, string, string][] = [
      ["Hello {acount}", "Words", "subject", "The subject uses {acount}, which is not a placeholder"],
      ["Two\nlines", "Words", "subject", "The email's subject must be on one line."],
      ["", "Only an introduction", "subject", "The email's subject can't be empty."],
      ["A subject", "   ", "intro", "The introduction can't be empty."],
      ["x".repeat(151), "Words", "subject", "The email's subject is at most 150 characters."],
      ["A subject", "y".repeat(1501), "intro", "The introduction is at most 1500 characters."],
      ["A subject", "Tab\there", "intro", "The introduction is plain text"],
    ];
    for (const [subject, intro, field, message] of refusals) {
      const refused = await save({ role: "admin" }, subject, intro).catch((e) => e);
      expect(refused, `${subject} / ${intro}`).toBeInstanceOf(InputError);
      expect(refused.field).toBe(field);
      expect(refused.message).toContain(message);
    }
    await expect(save({ role: "admin" }, "New", "Words", "no-such-stage")).rejects.toBeInstanceOf(NotFoundError);
    expect(await draftEmail(playbookId)).toEqual(V1_WORDS);
  });

  it("keeps paragraphs (a browser's CRLF as plain line feeds), and clears to the generic words", async () => {
    const playbookId = await makePlaybook(playbookWithWords());
    const saved = await saveStageEmail(db(), ADMIN, {
      playbookId,
      stageKey: "onboarding",
      subject: "  Welcome, {account}  ",
      intro: "First paragraph.\r\n\r\nSecond one from {vendor}.",
    });
    expect(saved).toEqual({
      cleared: false,
      subject: "Welcome, {account}",
      intro: "First paragraph.\n\nSecond one from {vendor}.",
    });
    expect(await draftEmail(playbookId)).toEqual({
      subject: "Welcome, {account}",
      intro: "First paragraph.\n\nSecond one from {vendor}.",
    });
    expect(await saveStageEmail(db(), ADMIN, { playbookId, stageKey: "onboarding", subject: "", intro: "" })).toEqual({
      cleared: true,
    });
    expect(await draftEmail(playbookId)).toBeUndefined();
  });

  it("reads back from the draft tables as the document it was imported from", async () => {
    const doc = playbookDocumentSchema.parse({
      ...playbookWithWords(),
      stages: playbookWithWords().stages.map((s, i) =>
        i === 3 ? { ...s, email: { subject: "{stage} for {account}", intro: "Line one.\n\nLine two." } } : s,
      ),
    });
    const { playbookId } = await importPlaybook(db(), doc);
    expect(await readPlaybookDraft(db(), playbookId)).toEqual(doc);
  });
});
