// The demo seed writes the stage emails its accounts would have received, as
// history for /csm/outbox. A worker with a provider configured never sends them.
import { expect, it } from "vitest";
import { deliverEmail } from "~/modules/email/deliver-email.server";
import { emailContext } from "~/modules/email/email-context.server";
import { createResendSender } from "~/modules/email/email-sender.server";
import { getOutboxEmail } from "~/modules/email/get-outbox-email.server";
import { seedDemo } from "~/server/demo/seed-demo";
import { parseEnv } from "~/utils/env.server";
import { startWorker } from "~/worker/run-worker";
import { db } from "./factories";
import { startFakeResend } from "./helpers/fake-resend";

const NOW = new Date("2026-11-24T14:00:00Z");

it("the demo seed's email history is kept, never sent, and still readable in the outbox", {
  timeout: 90_000,
}, async () => {
  const fake = await startFakeResend();
  const env = parseEnv({ APP_URL: "http://portal.test", RESEND_API_KEY: "re_seed_key", RESEND_BASE_URL: fake.url });
  try {
    await seedDemo(db(), NOW);
    const rows = await db().selectFrom("email_outbox").select(["id", "status"]).execute();
    expect(rows.length).toBeGreaterThanOrEqual(20);

    // A worker with a provider runs over the seeded database...
    const worker = await startWorker({ db: db(), env, log: () => undefined });
    try {
      await new Promise((r) => setTimeout(r, 4_000));
    } finally {
      await worker.stop();
    }
    // ...and a delivery of any seeded row, whenever it comes, does not send either.
    const ctx = await emailContext(db(), env);
    const sender = createResendSender({ apiKey: "re_seed_key", baseUrl: fake.url, timeoutMs: 1_000 });
    for (const r of rows) {
      expect(await deliverEmail(db(), r.id, { sender, ctx, now: new Date(NOW.getTime() + 60_000) })).toBe(
        "not_claimed",
      );
    }
    expect(fake.requests).toHaveLength(0);

    const after = await db().selectFrom("email_outbox").select("status").distinct().execute();
    expect(after.map((r) => r.status)).toEqual(["kept"]);
    const admin = await db().selectFrom("users").select("id").where("role", "=", "admin").executeTakeFirstOrThrow();
    const shown = await getOutboxEmail(db(), { id: admin.id, role: "admin", accountId: null }, rows[0].id, ctx);
    expect(shown.status).toBe("kept");
    expect(shown.subject.length).toBeGreaterThan(0);
    expect(shown.html).toContain("<");
  } finally {
    await fake.close();
  }
});
