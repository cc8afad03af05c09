// The first run: on a database without an admin, the setup link creates the
// first admin once; the gate keeps every other page closed until then.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { acceptInvitation, describeInvitation } from "~/modules/auth/accept-invitation.server";
import {
  createFirstAdmin,
  createFirstAdminFromShell,
  describeSetupLink,
  issueSetupToken,
  needsFirstAdmin,
} from "~/modules/auth/create-first-admin.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { validateSessionToken } from "~/modules/auth/session.server";
import { firstRunCheck, NOT_SET_UP } from "~/server/first-run-gate";
import { InputError, NotFoundError } from "~/utils/errors.server";
import { db, makeStaff } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

const NOW = new Date("2026-12-01T09:00:00Z");
const LATER = new Date("2026-12-01T09:05:00Z");
const request = { ip: "203.0.113.9", userAgent: "vitest" };

const admins = () =>
  db().selectFrom("users").select(["id", "email", "name", "password_hash", "joined_at"]).where("role", "=", "admin");

// The portal waits for a first admin again once every admin is deactivated,
// which lets each test start from "no admin" on the same database.
beforeEach(async () => {
  await db().updateTable("users").set({ deactivated_at: NOW }).where("role", "=", "admin").execute();
});

describe("the setup link", () => {
  it("exists only while there is no admin, and each start replaces the last one", async () => {
    expect(await needsFirstAdmin(db())).toBe(true);
    const first = await issueSetupToken(db());
    const second = await issueSetupToken(db());
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(await describeSetupLink(db(), second)).toBe("valid");
    expect(await describeSetupLink(db(), first)).toBe("stale");
    expect(await describeSetupLink(db(), null)).toBe("stale");
    expect(await describeSetupLink(db(), "not a token")).toBe("stale");
  });

  it("creates a signed-in admin with a password, once, and records it in the audit log", async () => {
    const token = await issueSetupToken(db());
    const created = await createFirstAdmin(
      db(),
      token,
      { name: "Ada Vendor", email: " Ada@Vendor.test ", password: "a long enough password", ...request },
      NOW,
    );
    const [admin] = await admins().where("deactivated_at", "is", null).execute();
    expect(admin).toMatchObject({ id: created.userId, email: "ada@vendor.test", name: "Ada Vendor" });
    expect(admin.joined_at).toEqual(NOW);
    expect(await verifyPassword(admin.password_hash, "a long enough password")).toBe(true);
    expect((await validateSessionToken(db(), created.session, NOW))?.user.id).toBe(created.userId);
    const audit = await db()
      .selectFrom("audit_events")
      .select(["kind", "actor_id", "ip", "detail"])
      .where("subject_user_id", "=", created.userId)
      .execute();
    expect(audit).toEqual([
      {
        kind: "first_admin_created",
        actor_id: created.userId,
        ip: request.ip,
        detail: { via: "setup_link", passwordSet: true },
      },
    ]);

    // The link is spent and the portal is set up: neither the link nor a new start makes a second admin.
    expect(await needsFirstAdmin(db())).toBe(false);
    expect(await describeSetupLink(db(), token)).toBe("done");
    await expect(
      createFirstAdmin(db(), token, { name: "Eve", email: "eve@vendor.test", password: null, ...request }, LATER),
    ).rejects.toThrow(NotFoundError);
    expect(await issueSetupToken(db())).toBeNull();
    expect(await admins().where("email", "=", "eve@vendor.test").execute()).toEqual([]);
  });

  it("without a password, the admin signs in with links later", async () => {
    const token = await issueSetupToken(db());
    const created = await createFirstAdmin(
      db(),
      token,
      { name: "Link Admin", email: "link.admin@vendor.test", password: null, ...request },
      NOW,
    );
    const [admin] = await admins().where("id", "=", created.userId).execute();
    expect(admin.password_hash).toBeNull();
    expect(admin.joined_at).toEqual(NOW);
  });

  it("refuses a stale link and an address already in use, and writes nothing", async () => {
    const stale = await issueSetupToken(db());
    const token = await issueSetupToken(db());
    const input = { name: "Stale", email: "stale@vendor.test", password: null, ...request };
    await expect(createFirstAdmin(db(), stale, input, NOW)).rejects.toThrow(InputError);
    await expect(createFirstAdmin(db(), "x".repeat(43), input, NOW)).rejects.toThrow(InputError);

    const csm = await makeStaff();
    const taken = createFirstAdmin(db(), token, { ...input, email: csm.email.toUpperCase() }, NOW);
    await expect(taken).rejects.toThrow("That email address already belongs to someone in Waypoint.");
    expect(await admins().where("email", "in", ["stale@vendor.test", csm.email]).execute()).toEqual([]);
    // Nothing was half-written: the refused attempt did not spend the link.
    expect(await describeSetupLink(db(), token)).toBe("valid");
  });

  it("two people using the link at the same moment make exactly one admin", async () => {
    const token = await issueSetupToken(db());
    const results = await Promise.allSettled(
      ["one", "two", "three"].map((who) =>
        createFirstAdmin(db(), token, { name: who, email: `${who}@race.test`, password: null, ...request }, NOW),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await admins().where("email", "like", "%@race.test").execute()).toHaveLength(1);
  });
});

describe("admin:create's domain function", () => {
  it("without a password: a pending admin with a 7-day invitation link that signs them in", async () => {
    const stillPrinted = await issueSetupToken(db());
    const created = await createFirstAdminFromShell(
      db(),
      { name: "Shell Admin", email: "shell@vendor.test", password: null },
      NOW,
    );
    // The link printed at start-up would otherwise make a second admin.
    expect(await describeSetupLink(db(), stillPrinted)).toBe("done");
    expect(await describeInvitation(db(), created.invitationToken, NOW)).toMatchObject({
      valid: true,
      role: "admin",
      email: "shell@vendor.test",
      inviterName: null,
    });
    expect(await describeInvitation(db(), created.invitationToken, new Date("2026-12-08T09:00:01Z"))).toEqual({
      valid: false,
    });
    const accepted = await acceptInvitation(
      db(),
      created.invitationToken,
      { password: null, ip: null, userAgent: null },
      LATER,
    );
    expect(accepted).toMatchObject({ ok: true, role: "admin" });
    await expect(
      createFirstAdminFromShell(db(), { name: "Again", email: "again@vendor.test", password: null }, LATER),
    ).rejects.toThrow("Waypoint already has an admin");
  });

  it("with a password: a joined admin who signs in at /login", async () => {
    const created = await createFirstAdminFromShell(
      db(),
      { name: "Pw Admin", email: "pw@vendor.test", password: "another long password" },
      NOW,
    );
    expect(created.invitationToken).toBeNull();
    const [admin] = await admins().where("id", "=", created.userId).execute();
    expect(admin.joined_at).toEqual(NOW);
    expect(await verifyPassword(admin.password_hash, "another long password")).toBe(true);
  });
});

describe("over HTTP, before and after the first admin", () => {
  let server: TestServer;
  const page = (path: string, cookie?: string) =>
    fetch(server.url + path, { redirect: "manual", headers: { accept: "text/html", ...(cookie ? { cookie } : {}) } });

  beforeAll(async () => {
    server = await startTestServer({ setupPending: firstRunCheck(db()) });
  });
  afterAll(() => server.close());

  it("sends every page to /setup and refuses other requests until the link is used", async () => {
    const token = await issueSetupToken(db());
    for (const path of ["/", "/login", "/csm", "/journey", "/admin/team"]) {
      const res = await page(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location")).toBe("/setup");
    }
    const post = await server.post("/login", { email: "x@y.test", password: "whatever password" });
    expect(post.status).toBe(503);
    expect(await post.text()).toBe(NOT_SET_UP);

    // Without a link the page says where to find one; a wrong link is a 400.
    const bare = await page("/setup");
    expect(bare.status).toBe(200);
    expect(await bare.text()).toContain("Open the setup link printed");
    expect((await page("/setup?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).status).toBe(400);
    // The page's own data requests pass once the browser runs it; other routes' do not.
    expect((await page(`/setup.data?token=${token}`)).status).toBe(200);
    expect((await page("/csm.data")).status).toBe(503);
    const form = await page(`/setup?token=${token}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Create the first admin");

    // Bad input: a 400 that says what to fix, and no admin.
    const bad = await server.post(`/setup?token=${token}`, { name: "Web Admin", email: "not an email", password: "" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Enter a valid email address.");
    const short = await server.post(`/setup?token=${token}`, {
      name: "Web Admin",
      email: "web@vendor.test",
      password: "short",
    });
    expect(short.status).toBe(400);
    expect(await admins().where("email", "=", "web@vendor.test").execute()).toEqual([]);

    const created = await server.post(`/setup?token=${token}`, {
      name: "Web Admin",
      email: "web@vendor.test",
      password: "a long enough password",
    });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/csm");
    const cookie = created.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(cookie).toMatch(/wp_session=/);

    // Signed in, and the portal is open; the link is gone for good.
    expect((await page("/csm", cookie)).status).toBe(200);
    expect((await page("/login")).status).toBe(200);
    expect((await page(`/setup?token=${token}`)).status).toBe(404);
    const again = await server.post(`/setup?token=${token}`, {
      name: "Second",
      email: "second@vendor.test",
      password: "",
    });
    expect(again.status).toBe(404);
    expect(await admins().where("email", "=", "second@vendor.test").execute()).toEqual([]);
  });
});
