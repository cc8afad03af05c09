// Sign-in links and sign-in limits: single use, 15 minutes, hashed, GET never
// spends them; 5 links an hour; password attempts throttled per address and
// per IP without locking the owner out; the same answer for unknown addresses.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordLimitMessage } from "~/modules/auth/limit-messages";
import { requestSignInLink } from "~/modules/auth/request-sign-in-link.server";
import { signInWithPassword } from "~/modules/auth/sign-in.server";
import { signInWithLink } from "~/modules/auth/sign-in-with-link.server";
import { deliverEmail } from "~/modules/email/deliver-email.server";
import { emailContext } from "~/modules/email/email-context.server";
import { createResendSender } from "~/modules/email/email-sender.server";
import { runNudgeSweep } from "~/modules/email/run-nudge-sweep.server";
import { parseEnv } from "~/utils/env.server";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie, setPassword } from "./factories";
import { type FakeResend, startFakeResend } from "./helpers/fake-resend";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let fake: FakeResend;
beforeAll(async () => {
  server = await startTestServer();
  fake = await startFakeResend();
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const T0 = new Date("2026-06-01T12:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const ctxFor = () => emailContext(db(), parseEnv({ APP_URL: "http://portal.test" }));

async function person() {
  const csm = await makeStaff();
  const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), contacts: 1 });
  return db()
    .selectFrom("users")
    .select(["id", "email", "account_id"])
    .where("id", "=", acct.contacts[0].id)
    .executeTakeFirstOrThrow();
}

/** Delivers the newest sign-in email to `email` through the fake Resend and returns the link's token. */
async function tokenFromEmail(email: string): Promise<string> {
  return linkTokenFromEmail(email, "sign_in_link", /\/login\/link\?token=([A-Za-z0-9_-]{43})/);
}

/** Delivers the newest queued email of `kind` to `email` through the fake Resend; returns the token `link` captures. */
async function linkTokenFromEmail(
  email: string,
  kind: "sign_in_link" | "invitation" | "nudge_digest",
  link: RegExp,
): Promise<string> {
  const row = await db()
    .selectFrom("email_outbox")
    .select(["id"])
    .where("to_email", "=", email)
    .where("kind", "=", kind)
    .where("status", "=", "queued")
    .orderBy("created_at", "desc")
    .executeTakeFirstOrThrow();
  const sender = createResendSender({ apiKey: "re_test", baseUrl: fake.url });
  expect(await deliverEmail(db(), row.id, { sender, ctx: await ctxFor(), now: new Date() })).toBe("sent");
  const sent = fake.delivered[fake.delivered.length - 1].body;
  const token = link.exec(sent.text)?.[1];
  expect(token, sent.text).toBeTruthy();
  return token!;
}

describe("sign-in links", () => {
  it("are stored hashed, work once, and GET never spends them", async () => {
    const u = await person();
    expect(await requestSignInLink(db(), { email: u.email.toUpperCase(), ip: "10.0.0.1" }, new Date())).toEqual({
      ok: true,
    });
    const token = await tokenFromEmail(u.email);

    // Only the hash is stored; the outbox keeps the token sealed, and redacted once sent.
    const stored = await db().selectFrom("auth_tokens").select("token_hash").where("user_id", "=", u.id).execute();
    expect(stored.map((r) => r.token_hash.toString("hex"))).toEqual([createHash("sha256").update(token).digest("hex")]);
    const outbox = await db()
      .selectFrom("email_outbox")
      .select(["payload", "html", "text"])
      .where("to_email", "=", u.email)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(outbox)).not.toContain(token);

    for (let i = 0; i < 3; i++) {
      const page = await server.get(`/login/link?token=${token}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Sign in as");
    }
    const res = await server.post(`/login/link?token=${token}`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/journey");
    const cookie = res.headers.get("set-cookie")!.split(";")[0];
    expect((await server.get("/journey", cookie)).status).toBe(200);

    // Used twice: refused, with a way to get a new one.
    const again = await server.post(`/login/link?token=${token}`, {});
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("Get a new sign-in link");
    expect((await server.get(`/login/link?token=${token}`)).status).toBe(400);
    const audit = await db()
      .selectFrom("audit_events")
      .select(["kind", "detail"])
      .where("subject_user_id", "=", u.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.kind)).toEqual(["sign_in_link_requested", "sign_in"]);
    expect(audit[1].detail).toEqual({ method: "link" });
  });

  it("expire after 15 minutes; a tampered token or another kind of token does nothing", async () => {
    const u = await person();
    await requestSignInLink(db(), { email: u.email, ip: null }, T0);
    const token = await tokenFromEmail(u.email);
    expect((await signInWithLink(db(), token, { ip: null, userAgent: null }, minutes(15))).ok).toBe(false);
    const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect((await signInWithLink(db(), flipped, { ip: null, userAgent: null }, minutes(1))).ok).toBe(false);
    expect((await signInWithLink(db(), "not-a-token", { ip: null, userAgent: null }, minutes(1))).ok).toBe(false);
    // Still valid inside its 15 minutes.
    expect((await signInWithLink(db(), token, { ip: null, userAgent: null }, minutes(14))).ok).toBe(true);
  });

  it("a link is refused once its person is deactivated, and works only for its own person", async () => {
    const u = await person();
    const other = await person();
    await requestSignInLink(db(), { email: u.email, ip: null }, new Date());
    await requestSignInLink(db(), { email: other.email, ip: null }, new Date());
    const token = await tokenFromEmail(u.email);
    const otherToken = await tokenFromEmail(other.email);
    const res = await server.post(`/login/link?token=${otherToken}`, {});
    const cookie = res.headers.get("set-cookie")!.split(";")[0];
    const sessionUser = await db()
      .selectFrom("sessions")
      .select("user_id")
      .where("id", "=", cookie.split("=")[1].split(".")[0])
      .executeTakeFirstOrThrow();
    expect(sessionUser.user_id).toBe(other.id);
    await db().updateTable("users").set({ deactivated_at: new Date() }).where("id", "=", u.id).execute();
    expect((await server.post(`/login/link?token=${token}`, {})).status).toBe(400);
  });

  // Issue 9 (item 3) changed this: past the limit the request is answered as usual and
  // sends nothing while an earlier link still works (ADR 014); it used to be refused.
  it("the 6th link in an hour sends nothing while earlier links work; the limit frees up after the hour", async () => {
    const u = await person();
    for (let i = 0; i < 5; i++)
      expect(await requestSignInLink(db(), { email: u.email, ip: null }, minutes(i))).toEqual({ ok: true });
    const sixth = await requestSignInLink(db(), { email: u.email, ip: null }, minutes(10));
    expect(sixth).toEqual({ ok: true });
    expect(await db().selectFrom("auth_tokens").select("id").where("user_id", "=", u.id).execute()).toHaveLength(5);
    expect(await requestSignInLink(db(), { email: u.email, ip: null }, minutes(60))).toEqual({ ok: true });
    const tokens = await db().selectFrom("auth_tokens").select("id").where("user_id", "=", u.id).execute();
    expect(tokens).toHaveLength(6);
  });

  it("the per-network link limit refuses, and says it is about the network", async () => {
    const ip = "192.0.2.55";
    for (let i = 0; i < 30; i++) {
      expect((await requestSignInLink(db(), { email: `n${i}.${Date.now()}@nowhere.test`, ip }, T0)).ok).toBe(true);
    }
    const refused = await requestSignInLink(db(), { email: `last.${Date.now()}@nowhere.test`, ip }, minutes(1));
    expect(refused).toEqual({ ok: false, retryAt: minutes(60), limit: "network" });
  });
});

describe("logs", () => {
  it("no sign-in, invitation or mark-as-done token ever reaches a log line", async () => {
    const lines: string[] = [];
    const originals = { log: console.log, error: console.error, warn: console.warn, info: console.info };
    for (const k of Object.keys(originals) as (keyof typeof originals)[]) {
      console[k] = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    }
    let token = "";
    let invitation = "";
    let done = "";
    try {
      const u = await person();
      await server.post("/login", { intent: "link", email: u.email });
      token = await tokenFromEmail(u.email);
      await server.get(`/login/link?token=${token}`);
      await server.post(`/login/link?token=${token}`, {});
      await server.post(`/login/link?token=${token}`, {});

      // A CSM invites a contact through the page; the contact opens the link, accepts, then tries it again.
      const csm = await makeStaff();
      // Started today, so its first step is due today: a nudge, not an escalation.
      const acct = await makeAccount({
        csmId: csm.id,
        playbookId: await makePlaybook(),
        contacts: 1,
        startedOn: new Date().toISOString().slice(0, 10),
        now: new Date(),
      });
      const invitee = `log.invitee.${Date.now()}@customer.test`;
      const invite = { intent: "invite", name: "Log Invitee", email: invitee };
      const staffCookie = await sessionCookie(csm.id);
      expect(
        (await server.post(`/csm/accounts/${acct.accountId}/contacts`, invite, { cookie: staffCookie })).status,
      ).toBe(200);
      invitation = await linkTokenFromEmail(invitee, "invitation", /\/invitations\/accept\?token=([A-Za-z0-9_-]{43})/);
      await server.get(`/invitations/accept?token=${invitation}`);
      expect((await server.post(`/invitations/accept?token=${invitation}`, {})).status).toBe(302);
      await server.post(`/invitations/accept?token=${invitation}`, {});

      // The contact's step is nudged at any hour; they mark it done from the email, twice.
      await runNudgeSweep(db(), new Date(), { startHour: 0, endHour: 24, firstDay: 1, lastDay: 7, escalationDays: 5 });
      const contact = await db()
        .selectFrom("users")
        .select("email")
        .where("id", "=", acct.contacts[0].id)
        .executeTakeFirstOrThrow();
      done = await linkTokenFromEmail(contact.email, "nudge_digest", /\/email\/done\?token=([\w-]+\.[\w-]+)/);
      await server.get(`/email/done?token=${done}`);
      expect((await server.post(`/email/done?token=${done}`, {})).status).toBe(200);
      await server.post(`/email/done?token=${done}`, {});
    } finally {
      Object.assign(console, originals);
    }
    const leaked = (secret: string) => lines.filter((l) => l.includes(secret));
    expect(token).toHaveLength(43);
    expect(leaked(token), "sign-in token").toEqual([]);
    expect(invitation).toHaveLength(43);
    expect(leaked(invitation), "invitation token").toEqual([]);
    expect(done.length).toBeGreaterThan(43);
    expect(leaked(done), "mark-as-done token").toEqual([]);
  });
});

describe("enumeration", () => {
  it("asking for a link answers the same for a known and an unknown address", async () => {
    const u = await person();
    const ask = async (email: string) => {
      const started = performance.now();
      const res = await server.post("/login", { intent: "link", email });
      return {
        status: res.status,
        body: (await res.text()).replace(/nonce="[^"]+"|'nonce-[^']+'/g, ""),
        ms: performance.now() - started,
      };
    };
    const known = await ask(u.email);
    const unknown = await ask(`nobody.${Date.now()}@nowhere.test`);
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toBe(known.body);
    expect(known.body).toContain("If that address has an account, a sign-in link is on its way.");
    // Both answers are held to the same floor (400 ms), so the lookup's cost does not show.
    expect(known.ms).toBeGreaterThanOrEqual(395);
    expect(unknown.ms).toBeGreaterThanOrEqual(395);
    // An unknown address gets the same limit too.
    const stranger = `stranger.${Date.now()}@nowhere.test`;
    // Past it, both are answered as usual (ADR 014), so the limit reveals nothing either.
    for (let i = 0; i < 6; i++)
      expect((await requestSignInLink(db(), { email: stranger, ip: null }, new Date())).ok).toBe(true);
    for (let i = 0; i < 5; i++) await requestSignInLink(db(), { email: u.email, ip: null }, new Date());
    expect(await requestSignInLink(db(), { email: u.email, ip: null }, new Date())).toEqual(
      await requestSignInLink(db(), { email: stranger, ip: null }, new Date()),
    );
  });
});

describe("password throttling", () => {
  it("throttles attempts on one address from many IPs, says when to retry, and the owner still gets in with a link", async () => {
    const staff = await makeStaff();
    await setPassword(staff.id, "the right password");
    for (let i = 0; i < 10; i++) {
      const r = await signInWithPassword(
        db(),
        { email: staff.email, password: `guess ${i}`, ip: `203.0.113.${i}` },
        minutes(i),
      );
      expect(r).toMatchObject({ ok: false, error: "That email and password do not match an active account." });
    }
    // The 11th, from yet another address, and even with the right password: refused until the window moves.
    const refused = await signInWithPassword(
      db(),
      { email: staff.email, password: "the right password", ip: "198.51.100.7" },
      minutes(11),
    );
    expect(refused).toMatchObject({ ok: false, retryAt: minutes(15) });
    expect(
      (
        await signInWithPassword(
          db(),
          { email: staff.email, password: "the right password", ip: "198.51.100.7" },
          minutes(15),
        )
      ).ok,
    ).toBe(true);

    // Through the page: 429 and the time.
    for (let i = 0; i < 10; i++) await server.post("/login", { email: staff.email, password: "wrong" });
    const page = await server.post("/login", { email: staff.email, password: "the right password" });
    expect(page.status).toBe(429);
    expect(await page.text()).toMatch(
      /Too many sign-in attempts for this address\. Try again in \d+ minutes? \(at \d\d:\d\d UTC\)/,
    );

    // The owner asks for a link and is in.
    expect((await requestSignInLink(db(), { email: staff.email, ip: "198.51.100.7" }, new Date())).ok).toBe(true);
    const token = await tokenFromEmail(staff.email);
    const res = await server.post(`/login/link?token=${token}`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/csm");

    const failures = await db()
      .selectFrom("audit_events")
      .select("ip")
      .where("kind", "=", "sign_in_failed")
      .where("subject_user_id", "=", staff.id)
      .execute();
    expect(failures.length).toBeGreaterThanOrEqual(10);
  });

  it("throttles one IP across many addresses", async () => {
    const ip = "192.0.2.99";
    let refusedAt = -1;
    for (let i = 0; i < 55 && refusedAt < 0; i++) {
      const r = await signInWithPassword(db(), { email: `spray${i}@nowhere.test`, password: "x", ip }, minutes(1));
      if (!r.ok && r.retryAt) refusedAt = i;
    }
    expect(refusedAt).toBe(50);
  });

  it("a burst of concurrent link requests cannot slip past the limit", async () => {
    const u = await person();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => requestSignInLink(db(), { email: u.email, ip: null }, T0)),
    );
    // All are answered alike (ADR 014), but only five links are made.
    expect(results.filter((r) => r.ok)).toHaveLength(12);
    const tokens = await db().selectFrom("auth_tokens").select("id").where("user_id", "=", u.id).execute();
    expect(tokens).toHaveLength(5);
  });
});

describe("trusted devices (OWASP device cookies)", () => {
  /** Every cookie a response sets, as `name=value` pairs joined for a Cookie header. */
  const cookiesOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .filter((c) => !c.endsWith("="));
  const deviceOf = (res: Response) => cookiesOf(res).find((c) => c.startsWith("wp_device="));

  async function owner() {
    const staff = await makeStaff();
    await setPassword(staff.id, "the right password");
    return staff;
  }

  /** Ten wrong passwords from ten IPs and five link requests: what used to lock the owner out. */
  async function attack(email: string) {
    const now = new Date();
    for (let i = 0; i < 10; i++) {
      await signInWithPassword(db(), { email, password: `guess ${i}`, ip: `203.0.113.${i}` }, now);
    }
    for (let i = 0; i < 5; i++) await requestSignInLink(db(), { email, ip: `198.51.100.${i}` }, now);
  }

  it("the owner's browser still signs in with the password and gets a link while an attacker guesses", async () => {
    const staff = await owner();
    // The owner signed in on this browser before: it got a signed device cookie.
    const first = await server.post("/login", { email: staff.email, password: "the right password" });
    expect(first.status).toBe(302);
    const device = deviceOf(first);
    expect(device, first.headers.getSetCookie().join("\n")).toBeTruthy();
    expect(first.headers.getSetCookie().find((c) => c.startsWith("wp_device="))).toMatch(/HttpOnly; SameSite=Lax/);

    await attack(staff.email);

    // Another browser, even with the right password, is held off as before.
    const stranger = await server.post("/login", { email: staff.email, password: "the right password" });
    expect(stranger.status).toBe(429);
    // The owner's browser is not.
    const again = await server.post(
      "/login",
      { email: staff.email, password: "the right password" },
      { cookie: device },
    );
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/csm");

    // And it gets a fresh, working link.
    const before = await db().selectFrom("auth_tokens").select("id").where("user_id", "=", staff.id).execute();
    const link = await server.post("/login", { intent: "link", email: staff.email }, { cookie: device });
    expect(link.status).toBe(200);
    expect(await link.text()).toContain("a sign-in link is on its way");
    const after = await db().selectFrom("auth_tokens").select("id").where("user_id", "=", staff.id).execute();
    expect(after.length).toBe(before.length + 1);
    const token = await tokenFromEmail(staff.email);
    const res = await server.post(`/login/link?token=${token}`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/csm");
  });

  it("a device cookie counts only for its own person, and a forged or altered one counts for nobody", async () => {
    const victim = await owner();
    const attacker = await owner();
    const own = deviceOf(await server.post("/login", { email: attacker.email, password: "the right password" }))!;
    await attack(victim.email);
    for (const cookie of [own, `${own.slice(0, -2)}xx`, "wp_device=forged.1.2.3"]) {
      const res = await server.post("/login", { email: victim.email, password: "the right password" }, { cookie });
      expect(res.status, cookie).toBe(429);
    }
  });

  it("failures from the trusted browser are limited on that browser, not on the address", async () => {
    const staff = await owner();
    const device = deviceOf(await server.post("/login", { email: staff.email, password: "the right password" }))!;
    for (let i = 0; i < 10; i++) {
      await server.post("/login", { email: staff.email, password: "wrong" }, { cookie: device });
    }
    const held = await server.post(
      "/login",
      { email: staff.email, password: "the right password" },
      { cookie: device },
    );
    expect(held.status).toBe(429);
    expect(await held.text()).toContain("from this browser");
    // Another browser is not held off by the trusted one's mistakes.
    const other = await server.post("/login", { email: staff.email, password: "the right password" });
    expect(other.status).toBe(302);
  });

  it("with the link limit used up, a new browser still gets a working link once the earlier ones expire", async () => {
    const u = await person();
    for (let i = 0; i < 5; i++) await requestSignInLink(db(), { email: u.email, ip: `198.51.100.${i}` }, T0);
    // Capped, with working links already in the owner's inbox: the same answer, and nothing more is sent.
    expect(await requestSignInLink(db(), { email: u.email, ip: "192.0.2.1" }, minutes(5))).toEqual({ ok: true });
    const count = async () =>
      (await db().selectFrom("auth_tokens").select("id").where("user_id", "=", u.id).execute()).length;
    expect(await count()).toBe(5);
    // Once those expired, the next request sends a fresh link, though the hour is not over...
    expect(await requestSignInLink(db(), { email: u.email, ip: "192.0.2.1" }, minutes(20))).toEqual({ ok: true });
    expect(await count()).toBe(6);
    const token = await tokenFromEmail(u.email);
    expect((await signInWithLink(db(), token, { ip: null, userAgent: null }, minutes(21))).ok).toBe(true);
    // ...and only one while it is still working.
    expect(await requestSignInLink(db(), { email: u.email, ip: "192.0.2.1" }, minutes(22))).toEqual({ ok: true });
    expect(await count()).toBe(7);
    expect(await requestSignInLink(db(), { email: u.email, ip: "192.0.2.1" }, minutes(23))).toEqual({ ok: true });
    expect(await count()).toBe(7);
  });
});

describe("the per-network limit", () => {
  it("says it is about the network, not the address", async () => {
    const ip = "192.0.2.77";
    let refused: Awaited<ReturnType<typeof signInWithPassword>> | null = null;
    for (let i = 0; i < 51 && !refused; i++) {
      const r = await signInWithPassword(db(), { email: `net${i}.${Date.now()}@nowhere.test`, password: "x", ip }, T0);
      if (!r.ok && r.retryAt) refused = r;
    }
    expect(refused).toMatchObject({ ok: false, limit: "network" });
    expect(passwordLimitMessage("network", "in 5 minutes")).toMatch(/from your network/);
    expect(passwordLimitMessage("network", "in 5 minutes")).not.toMatch(/this address/);
  });
});
