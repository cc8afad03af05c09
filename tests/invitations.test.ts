// Inviting contacts: pending until accepted, single-use 7-day links stored
// hashed, a resend replaces the old link, removal ends everything at once.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptInvitation } from "~/modules/auth/accept-invitation.server";
import { hashOneTimeToken } from "~/modules/auth/one-time-token.server";
import { hashPassword } from "~/modules/auth/password.server";
import { requestSignInLink } from "~/modules/auth/request-sign-in-link.server";
import { createSession, validateSessionToken } from "~/modules/auth/session.server";
import { signInWithPassword } from "~/modules/auth/sign-in.server";
import { signInWithLink } from "~/modules/auth/sign-in-with-link.server";
import { inviteContact } from "~/modules/contacts/invite-contact.server";
import { removeContact, resendInvitation } from "~/modules/contacts/manage-contact.server";
import { deliverEmail } from "~/modules/email/deliver-email.server";
import { emailContext } from "~/modules/email/email-context.server";
import { createResendSender } from "~/modules/email/email-sender.server";
import { parseEnv } from "~/utils/env.server";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie } from "./factories";
import { startFakeResend } from "./helpers/fake-resend";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const T0 = new Date("2026-06-01T12:00:00Z");
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

async function setup() {
  const csm = await makeStaff({ name: "Maya Chen" });
  const acct = await makeAccount({
    csmId: csm.id,
    playbookId: await makePlaybook(),
    contacts: 1,
    name: "Northwind Traders",
  });
  return { csm: { ...csm, role: "csm" as const, accountId: null }, acct };
}

/** Renders the newest invitation to `email` as kept (the demo's mailbox) and returns the link's token. */
async function invitationToken(email: string): Promise<string> {
  const row = await db()
    .selectFrom("email_outbox")
    .select("id")
    .where("to_email", "=", email)
    .where("kind", "=", "invitation")
    .where("status", "=", "queued")
    .orderBy("created_at", "desc")
    .executeTakeFirstOrThrow();
  const ctx = await emailContext(
    db(),
    parseEnv({ APP_URL: "http://portal.test", EMAIL_FROM: "Acme Cloud <success@acme.test>" }),
  );
  expect(await deliverEmail(db(), row.id, { sender: null, ctx, now: new Date() })).toBe("kept");
  const kept = await db()
    .selectFrom("email_outbox")
    .select(["text", "subject"])
    .where("id", "=", row.id)
    .executeTakeFirstOrThrow();
  expect(kept.subject).toBe("Maya Chen invited you to Northwind Traders' portal with Acme Cloud");
  return /\/invitations\/accept\?token=([A-Za-z0-9_-]{43})/.exec(kept.text!)![1];
}

const userByEmail = (email: string) =>
  db().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();

describe("through a real provider (fake Resend)", () => {
  it("a new contact is invited, accepts without a password, and later signs in with a link alone", async () => {
    const fake = await startFakeResend();
    try {
      const { csm, acct } = await setup();
      const email = `resend.flow.${Date.now()}@northwind.test`;
      const staffCookie = await sessionCookie(csm.id);
      expect(
        (
          await server.post(
            `/csm/accounts/${acct.accountId}/contacts`,
            { intent: "invite", name: "Rosa Flow", email },
            { cookie: staffCookie },
          )
        ).status,
      ).toBe(200);
      const sender = createResendSender({ apiKey: "re_test", baseUrl: fake.url });
      const ctx = await emailContext(
        db(),
        parseEnv({ APP_URL: "http://portal.test", EMAIL_FROM: "Acme Cloud <success@acme.test>" }),
      );
      const deliverQueued = async (kind: "invitation" | "sign_in_link") => {
        const row = await db()
          .selectFrom("email_outbox")
          .select("id")
          .where("to_email", "=", email)
          .where("kind", "=", kind)
          .where("status", "=", "queued")
          .executeTakeFirstOrThrow();
        expect(await deliverEmail(db(), row.id, { sender, ctx, now: new Date() })).toBe("sent");
        const body = fake.delivered[fake.delivered.length - 1].body;
        expect(body.to === email || body.to?.[0] === email).toBe(true);
        // Asked-for emails carry no unsubscribe header.
        expect(body.headers?.["List-Unsubscribe"]).toBeUndefined();
        return body.text as string;
      };

      const invitation = await deliverQueued("invitation");
      const accept = /http:\/\/portal\.test(\/invitations\/accept\?token=[A-Za-z0-9_-]{43})/.exec(invitation)![1];
      const joined = await server.post(accept, {});
      expect(joined.status).toBe(302);
      expect(joined.headers.get("location")).toBe("/journey");
      expect((await userByEmail(email)).password_hash).toBeNull();

      // Later, on another device: a sign-in link and nothing else.
      expect((await server.post("/login", { intent: "link", email })).status).toBe(200);
      const linkEmail = await deliverQueued("sign_in_link");
      const link = /http:\/\/portal\.test(\/login\/link\?token=[A-Za-z0-9_-]{43})/.exec(linkEmail)![1];
      const signedIn = await server.post(link, {});
      expect(signedIn.status).toBe(302);
      const cookie = signedIn.headers.get("set-cookie")!.split(";")[0];
      const journey = await server.get("/journey", cookie);
      expect(journey.status).toBe(200);
      expect(await journey.text()).toContain("Northwind Traders");
      // What the outbox keeps of sent token emails has the tokens blanked.
      const stored = await db()
        .selectFrom("email_outbox")
        .select(["html", "text"])
        .where("to_email", "=", email)
        .execute();
      for (const r of stored) expect(`${r.html}${r.text}`).not.toMatch(/token=[A-Za-z0-9_-]{43}/);
    } finally {
      await fake.close();
    }
  });
});

describe("inviting a contact", () => {
  it("creates a pending contact; accepting joins them, sets an optional password and signs them in", async () => {
    const { csm, acct } = await setup();
    const email = `new.${Date.now()}@northwind.test`;
    await inviteContact(db(), csm, { accountId: acct.accountId, name: "Nia Brooks", email, ip: null }, new Date());
    const pending = await userByEmail(email);
    expect([pending.role, pending.account_id, pending.joined_at]).toEqual(["customer", acct.accountId, null]);

    const token = await invitationToken(email);
    const stored = await db()
      .selectFrom("auth_tokens")
      .select(["token_hash", "expires_at"])
      .where("user_id", "=", pending.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash.toString("hex")).toBe(createHash("sha256").update(token).digest("hex"));

    // The page names who invited them to what; GET spends nothing.
    const page = await server.get(`/invitations/accept?token=${token}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Maya Chen invited");
    expect(html).toContain("Northwind Traders");
    expect((await server.get(`/invitations/accept?token=${token}`)).status).toBe(200);

    // A too-short password is refused with a message; the link still works after.
    const short = await server.post(`/invitations/accept?token=${token}`, { password: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("Use at least 10 characters");
    const res = await server.post(`/invitations/accept?token=${token}`, { password: "a good long password" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/journey");
    const cookie = res.headers.get("set-cookie")!.split(";")[0];
    expect((await server.get("/journey", cookie)).status).toBe(200);
    const joined = await userByEmail(email);
    expect(joined.joined_at).not.toBeNull();
    expect(joined.password_hash).toMatch(/^\$argon2id\$/);

    // Used: a clear page with a way to get in, never an error page.
    const reused = await server.post(`/invitations/accept?token=${token}`, {});
    expect(reused.status).toBe(400);
    const reusedHtml = await reused.text();
    expect(reusedHtml).toContain("This invitation has expired or was already used");
    expect(reusedHtml).toContain("Email me a sign-in link");
    const kinds = await db()
      .selectFrom("audit_events")
      .select("kind")
      .where("subject_user_id", "=", joined.id)
      .orderBy("id")
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(["invitation_sent", "invitation_accepted"]);
  });

  it("refuses expired, tampered and unknown tokens; a resend replaces the old link", async () => {
    const { csm, acct } = await setup();
    const email = `exp.${Date.now()}@northwind.test`;
    await inviteContact(db(), csm, { accountId: acct.accountId, name: "Eli", email, ip: null }, T0);
    const first = await invitationToken(email);
    expect((await acceptInvitation(db(), first, { password: null, ip: null, userAgent: null }, days(7))).ok).toBe(
      false,
    );
    const tampered = first.slice(0, 10) + (first[10] === "a" ? "b" : "a") + first.slice(11);
    expect((await acceptInvitation(db(), tampered, { password: null, ip: null, userAgent: null }, days(1))).ok).toBe(
      false,
    );
    expect(
      (await acceptInvitation(db(), "x".repeat(43), { password: null, ip: null, userAgent: null }, days(1))).ok,
    ).toBe(false);

    const u = await userByEmail(email);
    await resendInvitation(db(), csm, { accountId: acct.accountId, userId: u.id, ip: null }, days(1));
    const second = await invitationToken(email);
    expect((await acceptInvitation(db(), first, { password: null, ip: null, userAgent: null }, days(1))).ok).toBe(
      false,
    );
    expect((await acceptInvitation(db(), second, { password: null, ip: null, userAgent: null }, days(2))).ok).toBe(
      true,
    );
  });

  it("another person's token signs in only that person; an invitation accepted after removal is refused", async () => {
    const { csm, acct } = await setup();
    const a = `a.${Date.now()}@northwind.test`;
    const b = `b.${Date.now()}@northwind.test`;
    await inviteContact(db(), csm, { accountId: acct.accountId, name: "A", email: a, ip: null }, new Date());
    await inviteContact(db(), csm, { accountId: acct.accountId, name: "B", email: b, ip: null }, new Date());
    const tokenA = await invitationToken(a);
    const tokenB = await invitationToken(b);
    const res = await server.post(`/invitations/accept?token=${tokenB}`, {});
    const sessionId = res.headers.get("set-cookie")!.split(";")[0].split("=")[1].split(".")[0];
    const session = await db()
      .selectFrom("sessions")
      .select("user_id")
      .where("id", "=", sessionId)
      .executeTakeFirstOrThrow();
    expect(session.user_id).toBe((await userByEmail(b)).id);

    const userA = await userByEmail(a);
    await removeContact(db(), csm, { accountId: acct.accountId, userId: userA.id, ip: null }, new Date());
    expect((await server.post(`/invitations/accept?token=${tokenA}`, {})).status).toBe(400);
    expect((await userByEmail(a)).joined_at).toBeNull();
  });

  it("removing a contact ends their sessions at once and skips their queued email", async () => {
    const { csm, acct } = await setup();
    const contactId = acct.contacts[0].id;
    const cookie = await sessionCookie(contactId);
    expect((await server.get("/journey", cookie)).status).toBe(200);
    const staffCookie = await sessionCookie(csm.id);
    const res = await server.post(
      `/csm/accounts/${acct.accountId}/contacts`,
      { intent: "remove", userId: contactId, confirm: "yes" },
      { cookie: staffCookie },
    );
    expect(res.status).toBe(200);
    expect((await server.get("/journey", cookie)).status).toBe(302);
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", contactId).execute()).toEqual([]);
    const page = await (await server.get(`/csm/accounts/${acct.accountId}/contacts`, staffCookie)).text();
    expect(page).toContain("Removed");
  });

  it("does not reveal an address that belongs to someone elsewhere; refuses bad input with messages", async () => {
    const { csm, acct } = await setup();
    const other = await setup();
    const otherContact = await db()
      .selectFrom("users")
      .select("email")
      .where("id", "=", other.acct.contacts[0].id)
      .executeTakeFirstOrThrow();
    const staffCookie = await sessionCookie(csm.id);
    const path = `/csm/accounts/${acct.accountId}/contacts`;
    const taken = await server.post(
      path,
      { intent: "invite", name: "X", email: otherContact.email },
      { cookie: staffCookie },
    );
    // Someone else's address is not revealed (issue 9, item 10): see "inviting an address that is someone else's".
    expect(taken.status).toBe(200);
    expect(await taken.text()).not.toContain("already belongs to someone else");
    const bad = await server.post(path, { intent: "invite", name: "", email: "not-an-email" }, { cookie: staffCookie });
    expect(bad.status).toBe(400);
    // Another CSM's account: not found.
    const foreign = await server.post(
      `/csm/accounts/${other.acct.accountId}/contacts`,
      { intent: "invite", name: "Y", email: "y@x.test" },
      { cookie: staffCookie },
    );
    expect(foreign.status).toBe(404);
    expect(await db().selectFrom("users").select("id").where("email", "=", "y@x.test").execute()).toEqual([]);
  });
});

describe("a removed contact invited again", () => {
  it("cannot sign in with their old password, an old session or a link until they accept", async () => {
    const { csm, acct } = await setup();
    const contactId = acct.contacts[0].id;
    await db()
      .updateTable("users")
      .set({ password_hash: await hashPassword("my old password") })
      .where("id", "=", contactId)
      .execute();
    const { email } = await db()
      .selectFrom("users")
      .select("email")
      .where("id", "=", contactId)
      .executeTakeFirstOrThrow();
    expect((await signInWithPassword(db(), { email, password: "my old password" }, days(0))).ok).toBe(true);

    await removeContact(db(), csm, { accountId: acct.accountId, userId: contactId, ip: null }, days(1));
    await inviteContact(db(), csm, { accountId: acct.accountId, name: "Back Again", email, ip: null }, days(2));

    // Pending again: the old password is refused with the usual words.
    const withPassword = await signInWithPassword(db(), { email, password: "my old password" }, days(2));
    expect(withPassword).toMatchObject({ ok: false, error: "That email and password do not match an active account." });
    const page = await server.post("/login", { email, password: "my old password" });
    expect(page.status).toBe(400);
    // A session, however it came to exist, does not let a pending person in.
    const stray = await createSession(db(), contactId, days(2));
    expect(await validateSessionToken(db(), stray, days(2))).toBeNull();
    // A sign-in link is answered like any other request, and none is made or sent (ADR 015).
    expect(await requestSignInLink(db(), { email, ip: null }, days(2))).toEqual({ ok: true });
    const links = await db()
      .selectFrom("auth_tokens")
      .select("id")
      .where("user_id", "=", contactId)
      .where("kind", "=", "sign_in")
      .execute();
    expect(links).toEqual([]);
    const mails = await db()
      .selectFrom("email_outbox")
      .select("id")
      .where("to_email", "=", email)
      .where("kind", "=", "sign_in_link")
      .execute();
    expect(mails).toEqual([]);

    // Accepting brings them back.
    const token = await invitationToken(email);
    expect(
      (await acceptInvitation(db(), token, { password: "a brand new password", ip: null, userAgent: null }, days(3)))
        .ok,
    ).toBe(true);
    expect((await signInWithPassword(db(), { email, password: "a brand new password" }, days(3))).ok).toBe(true);
    expect(await requestSignInLink(db(), { email, ip: null }, days(3))).toEqual({ ok: true });
    const after = await db()
      .selectFrom("auth_tokens")
      .select("id")
      .where("user_id", "=", contactId)
      .where("kind", "=", "sign_in")
      .execute();
    expect(after).toHaveLength(1);
  });

  it("a sign-in link issued before a contact became pending again does not work", async () => {
    const { acct } = await setup();
    const contactId = acct.contacts[0].id;
    const { email } = await db()
      .selectFrom("users")
      .select("email")
      .where("id", "=", contactId)
      .executeTakeFirstOrThrow();
    await requestSignInLink(db(), { email, ip: null }, days(0));
    // Pending without going through removal (e.g. the row was edited): the unspent link still must not let them in.
    await db().updateTable("users").set({ joined_at: null }).where("id", "=", contactId).execute();
    const row = await db()
      .selectFrom("auth_tokens")
      .select("id")
      .where("user_id", "=", contactId)
      .where("kind", "=", "sign_in")
      .where("used_at", "is", null)
      .execute();
    expect(row).toHaveLength(1);
    // Put a known token on that row so the test can present it.
    const known = "A".repeat(43);
    await db()
      .updateTable("auth_tokens")
      .set({ token_hash: hashOneTimeToken(known) })
      .where("id", "=", row[0].id)
      .execute();
    expect((await signInWithLink(db(), known, { ip: null, userAgent: null }, days(0))).ok).toBe(false);
  });
});

describe("inviting an address that is someone else's", () => {
  it("answers exactly as a fresh invitation does, and sends that address nothing", async () => {
    const { csm, acct } = await setup();
    const other = await setup();
    const taken = await db()
      .selectFrom("users")
      .select(["id", "email", "name", "account_id", "joined_at"])
      .where("id", "=", other.acct.contacts[0].id)
      .executeTakeFirstOrThrow();
    const staff = await makeStaff();
    const staffCookie = await sessionCookie(csm.id);
    const fresh = `fresh.${Date.now()}@northwind.test`;
    // The route's own answer, as a fetcher reads it, and as a page without JavaScript shows it.
    const invite = async (email: string, path: string) => {
      const res = await server.post(path, { intent: "invite", name: "Some One", email }, { cookie: staffCookie });
      const body = (await res.text()).replaceAll(email, "ADDRESS").replace(/nonce="[^"]+"|'nonce-[^']+'/g, "");
      return { status: res.status, body };
    };
    const dataPath = `/csm/accounts/${acct.accountId}/contacts.data`;
    const a = await invite(fresh, dataPath);
    const b = await invite(taken.email, dataPath);
    const c = await invite(staff.email, dataPath);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const page = `/csm/accounts/${acct.accountId}/contacts`;
    const notice = (html: string) => /<p id="form-answer"[^>]*>([^<]*)</.exec(html)?.[1];
    const fresh2 = await invite(`fresh2.${Date.now()}@northwind.test`, page);
    const taken2 = await invite(taken.email.toUpperCase(), page);
    expect(taken2.status).toBe(fresh2.status);
    expect(notice(taken2.body)).toBe(notice(fresh2.body));
    expect(notice(fresh2.body)).toContain("Invited: ADDRESS");
    expect(taken2.body).not.toContain("someone else");

    // Nothing changed for the person who already has that address, and nothing was sent to them.
    const after = await db()
      .selectFrom("users")
      .select(["id", "email", "name", "account_id", "joined_at"])
      .where("id", "=", taken.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(taken);
    for (const email of [taken.email, staff.email]) {
      const sent = await db().selectFrom("email_outbox").select("id").where("to_email", "=", email).execute();
      expect(sent).toEqual([]);
    }
  });
});

describe("accepting an invitation", () => {
  it("trusts the browser it was accepted on (ADR 014)", async () => {
    const { csm, acct } = await setup();
    const email = `trusted.${Date.now()}@northwind.test`;
    await inviteContact(db(), csm, { accountId: acct.accountId, name: "T", email, ip: null }, new Date());
    const res = await server.post(`/invitations/accept?token=${await invitationToken(email)}`, {});
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().some((c) => /^wp_device=[^;]+; Path=\/; HttpOnly; SameSite=Lax/.test(c))).toBe(
      true,
    );
  });
});
