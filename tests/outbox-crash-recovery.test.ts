// Emails in flight when the whole process was killed (web, worker and Postgres
// at once): their rows stay `sending` or `queued` with their jobs locked by a
// worker that no longer exists. The next worker delivers them within minutes,
// once each, under the same idempotency key.
import { sql } from "kysely";
import { afterAll, expect, it } from "vitest";
import { CLAIM_MS, deliverEmail } from "~/modules/email/deliver-email.server";
import { emailContext } from "~/modules/email/email-context.server";
import { createResendSender } from "~/modules/email/email-sender.server";
import { recoverOutbox } from "~/modules/email/recover-outbox.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { parseEnv } from "~/utils/env.server";
import { startWorker } from "~/worker/run-worker";
import { db, makeAccount, makePlaybook, makeStaff } from "./factories";
import { type FakeResend, startFakeResend } from "./helpers/fake-resend";

const RAW_ENV = { EMAIL_FROM: "Acme Cloud <success@acme.test>", APP_URL: "http://portal.test" };
let fake: FakeResend | undefined;
afterAll(async () => fake?.close());

const outboxFor = (accountId: string) =>
  db().selectFrom("email_outbox").selectAll().where("account_id", "=", accountId).orderBy("to_email").execute();

/** Stage emails queued on the real clock, each with its graphile-worker job. */
async function queuedStageEmails(now: Date) {
  const csm = await makeStaff({ name: "Maya Chen" });
  const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), contacts: 2 });
  await completeMilestone(
    db(),
    { id: acct.contacts[0].id, role: "customer", accountId: acct.accountId },
    acct.m["Sign contract"],
    now,
  );
  await completeMilestone(db(), { id: csm.id, role: "csm", accountId: null }, acct.m["Sales handoff"], now);
  const rows = await outboxFor(acct.accountId);
  expect(rows).toHaveLength(3);
  return { acct, rows };
}

/** The jobs of these rows, as a worker killed at `lockedAt` left them: locked by it. */
async function lockJobsByDeadWorker(outboxIds: string[], lockedAt: Date) {
  const locked = await sql`
    update graphile_worker._private_jobs set locked_by = 'worker-killed-by-sigkill', locked_at = ${lockedAt}
    where payload->>'outboxId' = any(${outboxIds}::text[])`.execute(db());
  expect(Number(locked.numAffectedRows)).toBe(outboxIds.length);
}

it("after a crash mid-send, a new worker delivers every email in flight once, within the bound", {
  timeout: 60_000,
}, async () => {
  fake = await startFakeResend();
  const env = parseEnv({ ...RAW_ENV, RESEND_API_KEY: "re_crash_key", RESEND_BASE_URL: fake.url });
  const sender = createResendSender({ apiKey: "re_crash_key", baseUrl: fake.url, timeoutMs: 1_000 });
  // The crash happened just over the claim's length ago.
  const crashedAt = new Date(Date.now() - CLAIM_MS - 5_000);
  const { acct, rows } = await queuedStageEmails(crashedAt);
  const [midSend, beforeSend] = rows;

  // One email reached the provider; the process died before it recorded that.
  const killed = () => {
    throw new Error("kill -9");
  };
  const ctx = await emailContext(db(), env);
  await expect(deliverEmail(db(), midSend.id, { sender, ctx, now: crashedAt, afterSend: killed })).rejects.toThrow();
  // Another was claimed, and the process died before the request left.
  await sql`update email_outbox set status = 'sending', attempts = 1, claimed_until = ${new Date(crashedAt.getTime() + CLAIM_MS)}
    where id = ${beforeSend.id}`.execute(db());
  // The third stays queued; all three jobs are held by the dead worker.
  await lockJobsByDeadWorker(
    rows.map((r) => r.id),
    crashedAt,
  );
  expect(fake.delivered).toHaveLength(1);

  const started = Date.now();
  const worker = await startWorker({ db: db(), env, log: () => undefined });
  try {
    while (Date.now() - started < 30_000) {
      const now = await outboxFor(acct.accountId);
      if (now.every((r) => r.status === "sent")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await worker.stop();
  }
  const after = await outboxFor(acct.accountId);
  expect(after.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  // Seconds after the start, not the hour the old recovery waited.
  expect(Date.now() - started).toBeLessThan(30_000);
  // The provider sent each email once; the one in flight was asked twice under one key.
  expect(fake.delivered).toHaveLength(3);
  const keys = fake.requests.map((r) => r.headers["idempotency-key"]);
  expect(keys).toHaveLength(4);
  expect(new Set(keys).size).toBe(3);
  expect(after.find((r) => r.id === midSend.id)!.provider_id).toBe(fake.delivered[0].id);
});

it("a claim that has not lapsed is left alone: its worker may still be sending", async () => {
  const now = new Date();
  const { rows } = await queuedStageEmails(now);
  await sql`update email_outbox set status = 'sending', attempts = 1, claimed_until = ${new Date(now.getTime() + 60_000)}
    where id = ${rows[0].id}`.execute(db());
  await lockJobsByDeadWorker([rows[0].id], new Date(now.getTime() - 1_000));
  await recoverOutbox(db(), now);
  const job = await sql<{ locked_by: string | null }>`
    select locked_by from graphile_worker._private_jobs where payload->>'outboxId' = ${rows[0].id}`.execute(db());
  expect(job.rows.map((j) => j.locked_by)).toEqual(["worker-killed-by-sigkill"]);
});
