// What arrives from outside a session: Resend's signed webhooks, one-click
// unsubscribe (RFC 8058), "mark as done" links from nudges, and the settings page.
import { spawnSync } from "node:child_process";
import http from "node:http";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signLink } from "~/modules/email/signed-links.server";
import { getSigningSecret } from "~/utils/signing-secret.server";
import { sampleStagePayload } from "./email-fixtures";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

const WEBHOOK_SECRET = `whsec_${Buffer.from("a-test-webhook-secret-of-32-bytes").toString("base64")}`;
process.env.RESEND_WEBHOOK_SECRET = WEBHOOK_SECRET;

let server: TestServer;
let secret: Buffer;
let csm: Awaited<ReturnType<typeof makeStaff>>;
let playbookId: string;

beforeAll(async () => {
  server = await startTestServer();
  secret = await getSigningSecret(db());
  csm = await makeStaff();
  playbookId = await makePlaybook();
});
afterAll(async () => {
  await server?.close();
});

const user = (id: string) => db().selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("Resend webhooks", () => {
  async function sentEmail(a: TestAccount, providerId: string) {
    const contact = await user(a.contacts[0].id);
    return db()
      .insertInto("email_outbox")
      .values({
        dedupe_key: `wh-${providerId}`,
        kind: "stage_entered_customer",
        recipient_user_id: contact.id,
        to_email: contact.email,
        account_id: a.accountId,
        payload: JSON.stringify(sampleStagePayload(a)),
        status: "sent",
        provider_id: providerId,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning(["id", "to_email"])
      .executeTakeFirstOrThrow();
  }

  function signed(id: string, event: unknown, opts: { at?: Date; body?: string } = {}) {
    const body = JSON.stringify(event);
    const at = opts.at ?? new Date();
    const signature = new Webhook(WEBHOOK_SECRET).sign(id, at, body);
    return {
      body: opts.body ?? body,
      headers: {
        "svix-id": id,
        "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
        "svix-signature": signature,
        "content-type": "application/json",
      },
    };
  }
  // Resend posts from its own servers: no Origin, no cookie.
  const post = (req: { body: string; headers: Record<string, string> }) =>
    fetch(`${server.url}/webhooks/resend`, { method: "POST", headers: req.headers, body: req.body });
  const status = async (id: string) =>
    (await db().selectFrom("email_outbox").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

  it("a valid delivered event marks the email delivered", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const email = await sentEmail(a, "re_msg_1");
    const res = await post(
      signed("msg_delivered_1", { type: "email.delivered", data: { email_id: "re_msg_1", to: [email.to_email] } }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, result: "applied" });
    expect(await status(email.id)).toBe("delivered");
  });

  it("a tampered body, a wrong secret or an old timestamp is refused and changes nothing", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const email = await sentEmail(a, "re_msg_2");
    const event = { type: "email.bounced", data: { email_id: "re_msg_2", to: [email.to_email] } };
    const tampered = signed("msg_t1", event, {
      body: JSON.stringify({ ...event, data: { ...event.data, email_id: "re_other" } }),
    });
    expect((await post(tampered)).status).toBe(401);
    const wrongKey = signed("msg_t2", event);
    wrongKey.headers["svix-signature"] = new Webhook(
      `whsec_${Buffer.from("another-secret-entirely").toString("base64")}`,
    ).sign("msg_t2", new Date(), wrongKey.body);
    expect((await post(wrongKey)).status).toBe(401);
    expect((await post(signed("msg_t3", event, { at: new Date(Date.now() - 10 * 60_000) }))).status).toBe(401);
    const unsigned = signed("msg_t4", event);
    delete (unsigned.headers as Record<string, string>)["svix-signature"];
    expect((await post(unsigned)).status).toBe(400);
    expect(await status(email.id)).toBe("sent");
    expect(
      await db()
        .selectFrom("email_suppressions")
        .select("email")
        .where("email", "=", email.to_email.toLowerCase())
        .executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await db()
        .selectFrom("webhook_receipts")
        .select("id")
        .where("id", "in", ["msg_t1", "msg_t2", "msg_t3", "msg_t4"])
        .execute(),
    ).toEqual([]);
  });

  it("a bounce suppresses the address for reminders; a replayed event is ignored", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const email = await sentEmail(a, "re_msg_3");
    const req = signed("msg_bounce_3", { type: "email.bounced", data: { email_id: "re_msg_3", to: [email.to_email] } });
    expect(await (await post(req)).json()).toEqual({ ok: true, result: "applied" });
    expect(await status(email.id)).toBe("bounced");
    const suppressed = await db()
      .selectFrom("email_suppressions")
      .selectAll()
      .where("email", "=", email.to_email.toLowerCase())
      .executeTakeFirstOrThrow();
    expect(suppressed.reason).toBe("bounced");

    // The same delivery again (Resend retries): acknowledged, not applied twice.
    await db().updateTable("email_outbox").set({ status: "sent" }).where("id", "=", email.id).execute();
    expect(await (await post(req)).json()).toEqual({ ok: true, result: "replay" });
    expect(await status(email.id)).toBe("sent");
  });

  it("refuses a body larger than 256 KB, even without Content-Length", async () => {
    // Chunked, so the server cannot tell the size up front; it may hang up while we still write.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.url}/webhooks/resend`, {
        method: "POST",
        headers: {
          "svix-id": "msg_big",
          "svix-timestamp": "1",
          "svix-signature": "v1,x",
          "transfer-encoding": "chunked",
        },
      });
      req.on("response", (res) => resolve(res.statusCode ?? 0));
      req.on("error", (e) => setTimeout(() => reject(e), 500));
      const chunk = "x".repeat(10_000);
      let sent = 0;
      const write = () => {
        while (sent < 40) {
          sent++;
          if (!req.write(chunk)) return req.once("drain", write);
        }
        req.end();
      };
      write();
    });
    expect(status).toBe(413);
  });

  it("a late delivered event does not overwrite a complaint", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const email = await sentEmail(a, "re_msg_4");
    await post(signed("msg_c4", { type: "email.complained", data: { email_id: "re_msg_4", to: [email.to_email] } }));
    await post(signed("msg_d4", { type: "email.delivered", data: { email_id: "re_msg_4", to: [email.to_email] } }));
    expect(await status(email.id)).toBe("complained");
  });
});

describe("one-click unsubscribe", () => {
  it("GET only asks; a POST without session or Origin unsubscribes, and repeating it is harmless", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const id = a.contacts[0].id;
    const token = signLink(secret, { p: "unsubscribe", u: id, c: "nudges" });
    const page = await server.get(`/email/unsubscribe?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Unsubscribe from reminder emails?");
    expect((await user(id)).nudges_enabled).toBe(true);

    // What a mail client sends for List-Unsubscribe-Post.
    const oneClick = () =>
      server.post(`/email/unsubscribe?token=${token}`, { "List-Unsubscribe": "One-Click" }, { origin: null });
    const first = await oneClick();
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("You are unsubscribed");
    expect((await user(id)).nudges_enabled).toBe(false);
    expect((await user(id)).lifecycle_emails_enabled).toBe(true);
    expect((await oneClick()).status).toBe(200);
    expect((await user(id)).nudges_enabled).toBe(false);
  });

  it("a tampered or truncated token unsubscribes nobody", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const token = signLink(secret, { p: "unsubscribe", u: a.contacts[0].id, c: "lifecycle" });
    const [body, sig] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ p: "unsubscribe", u: a.contacts[1].id, c: "lifecycle" })).toString(
      "base64url",
    );
    for (const bad of [`${forged}.${sig}`, token.slice(0, -3), body, ""]) {
      const res = await server.post(`/email/unsubscribe?token=${bad}`, {}, { origin: null });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("not valid");
    }
    expect((await user(a.contacts[0].id)).lifecycle_emails_enabled).toBe(true);
    expect((await user(a.contacts[1].id)).lifecycle_emails_enabled).toBe(true);
  });
});

describe("mark as done from a nudge", () => {
  const doneToken = (u: string, m: string, expiresInS = 3600) =>
    signLink(secret, { p: "done", u, m, exp: Math.floor(Date.now() / 1000) + expiresInS });
  const milestone = (id: string) =>
    db()
      .selectFrom("journey_milestones")
      .select(["status", "completed_by"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();

  it("GET shows a confirmation and changes nothing; the POST completes it as the person in the link", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const token = doneToken(a.contacts[0].id, a.m["Sign contract"]);
    const page = await server.get(`/email/done?token=${token}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Mark this step as done?");
    expect(html).toContain("Sign contract");
    // The form posts back to the same link, token included.
    expect(html).toContain(`action="/email/done?token=${token}"`);
    expect((await milestone(a.m["Sign contract"])).status).toBe("open");

    const res = await server.post(`/email/done?token=${token}`, {});
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Done. Thank you!");
    expect(await milestone(a.m["Sign contract"])).toEqual({ status: "done", completed_by: a.contacts[0].id });
    const events = await db()
      .selectFrom("milestone_events")
      .select("actor_id")
      .where("milestone_id", "=", a.m["Sign contract"])
      .execute();
    expect(events).toEqual([{ actor_id: a.contacts[0].id }]);
    // Again: still one completion.
    expect((await server.post(`/email/done?token=${token}`, {})).status).toBe(200);
    expect(
      await db().selectFrom("milestone_events").select("id").where("milestone_id", "=", a.m["Sign contract"]).execute(),
    ).toHaveLength(1);
  });

  it("refuses an expired link, a tampered one, a deactivated person's, and another account's milestone", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const b = await makeAccount({ csmId: csm.id, playbookId });
    const m = a.m["Optional intro"];
    const expired = doneToken(a.contacts[0].id, m, -1);
    const [, sig] = doneToken(a.contacts[0].id, m).split(".");
    const tampered = `${Buffer.from(JSON.stringify({ p: "done", u: a.contacts[0].id, m: b.m["Optional intro"], exp: 4_000_000_000 })).toString("base64url")}.${sig}`;
    const otherAccount = doneToken(a.contacts[0].id, b.m["Optional intro"]);
    // Issue 9: each refusal says what happened; only the expired link says "expired".
    for (const [token, code, says] of [
      [expired, 400, "This link has expired"],
      [tampered, 400, "This link is not valid"],
      [otherAccount, 403, "not yours to mark done"],
    ] as const) {
      const get = await server.get(`/email/done?token=${token}`);
      expect(get.status).toBe(code);
      expect(await get.text()).toContain(says);
      expect((await server.post(`/email/done?token=${token}`, {})).status).toBe(code);
    }
    const deactivated = doneToken(a.contacts[1].id, m);
    await db().updateTable("users").set({ deactivated_at: new Date() }).where("id", "=", a.contacts[1].id).execute();
    expect((await server.post(`/email/done?token=${deactivated}`, {})).status).toBe(400);
    expect((await milestone(m)).status).toBe("open");
    expect((await milestone(b.m["Optional intro"])).status).toBe("open");
  });

  it("a customer's link to a step our team owns is refused with the reason", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const res = await server.post(`/email/done?token=${doneToken(a.contacts[0].id, a.m["Sales handoff"])}`, {});
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("owned by our team");
    expect((await milestone(a.m["Sales handoff"])).status).toBe("open");
  });
});

describe("the outbox pages", () => {
  async function email(a: TestAccount, status: "kept" | "sent", key: string) {
    const contact = await user(a.contacts[0].id);
    return db()
      .insertInto("email_outbox")
      .values({
        dedupe_key: key,
        kind: "stage_entered_customer",
        recipient_user_id: contact.id,
        to_email: contact.email,
        account_id: a.accountId,
        payload: JSON.stringify(sampleStagePayload(a)),
        status,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  }

  it("blanks the recipient's one-click links in a sent email's preview, but not in a kept one", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const cookie = await sessionCookie(csm.id);
    const sent = await (await server.get(`/csm/outbox/${(await email(a, "sent", "preview-sent")).id}`, cookie)).text();
    expect(sent).toContain("token=disabled-in-preview");
    expect(sent).not.toMatch(/unsubscribe\?token=[\w-]+\.[\w-]+/);
    expect(sent).toContain("disabled in this preview");
    const kept = await (await server.get(`/csm/outbox/${(await email(a, "kept", "preview-kept")).id}`, cookie)).text();
    expect(kept).toMatch(/unsubscribe\?token=[\w-]+\.[\w-]+/);
  });

  it("pages through emails written at the same instant without skipping any", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const contact = await user(a.contacts[0].id);
    const at = new Date("2026-01-01T00:00:00Z");
    await db()
      .insertInto("email_outbox")
      .values(
        Array.from({ length: 130 }, (_, i) => ({
          dedupe_key: `page-${i}`,
          kind: "stage_entered_customer" as const,
          recipient_user_id: contact.id,
          to_email: contact.email,
          account_id: a.accountId,
          payload: JSON.stringify(sampleStagePayload(a)),
          status: "kept" as const,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    const { listOutbox } = await import("~/modules/email/list-outbox.server");
    const actor = { id: csm.id, role: "csm" as const, accountId: null };
    const seen = new Set<string>();
    let before: { at: string; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const list = await listOutbox(db(), actor, { before });
      for (const r of list.rows) seen.add(r.id);
      if (!list.more) break;
      const last = list.rows[list.rows.length - 1];
      before = { at: last.createdAt, id: last.id };
    }
    const all = await db()
      .selectFrom("email_outbox")
      .select("id")
      .where("account_id", "in", db().selectFrom("accounts").select("id").where("csm_id", "=", csm.id))
      .execute();
    expect(seen.size).toBe(all.length);
  });
});

describe("email settings", () => {
  it("turns reminders off and journey updates back on", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId });
    const id = a.contacts[0].id;
    await db().updateTable("users").set({ lifecycle_emails_enabled: false }).where("id", "=", id).execute();
    const cookie = await sessionCookie(id);
    const page = await server.get("/settings/notifications", cookie);
    const html = await page.text();
    expect(html).toMatch(/name="nudges"[^>]*checked=""/);
    expect(html).not.toMatch(/name="lifecycle"[^>]*checked=""/);
    const res = await server.post("/settings/notifications", { lifecycle: "on" }, { cookie });
    expect(res.status).toBe(200);
    const u = await user(id);
    expect([u.nudges_enabled, u.lifecycle_emails_enabled]).toEqual([false, true]);
    expect((await server.post("/settings/notifications", { nudges: "yes please" }, { cookie })).status).toBe(400);
  });
});

describe("npm run nudges", () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "app/server/nudges.ts", ...args], {
      env: { ...process.env, NODE_ENV: "production" },
      encoding: "utf8",
      timeout: 60_000,
    });

  it("runs one sweep as of --at and prints what it queued", async () => {
    const a = await makeAccount({ csmId: csm.id, playbookId, contacts: 1 });
    await db()
      .updateTable("journey_milestones")
      .set({ due_on: "2030-01-01" })
      .where("journey_id", "=", a.journeyId)
      .execute();
    await db()
      .updateTable("journey_milestones")
      .set({ due_on: "2031-02-03" })
      .where("id", "=", a.m["Sign contract"])
      .execute();
    const contact = await user(a.contacts[0].id);
    const out = run(["--at", "2031-02-04T14:00:00Z"]); // a Tuesday, 14:00 UTC
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain("Nudge sweep as of 2031-02-04T14:00:00.000Z");
    expect(out.stdout).toMatch(
      new RegExp(`queued reminder digest\\s+to ${contact.email.replace(/\./g, "\\.")}\\s+1 item`),
    );
    const again = run(["--at", "2031-02-04T15:00:00Z"]);
    expect(again.stdout).toContain("Queued nothing");
  });

  it("explains a bad --at and exits 1", () => {
    const out = run(["--at", "tomorrow"]);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("--at needs an ISO date and time");
  });
});
