// Admin team management: invite staff, change roles (never leaving no admin),
// deactivate (sessions end at once), assign CSMs; and the audit log's filters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const post = (cookie: string, body: Record<string, string>) => server.post("/admin/team", body, { cookie });
const user = (id: string) => db().selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("team management", () => {
  it("an admin invites a CSM, who is pending until they accept; the invitation uses the staff wording", async () => {
    const admin = await makeStaff({ role: "admin", name: "Priya Shah" });
    const cookie = await sessionCookie(admin.id);
    const email = `new.csm.${Date.now()}@vendor.test`;
    const res = await post(cookie, { intent: "invite", name: "Noah Park", email, role: "csm" });
    expect(res.status).toBe(200);
    const invited = await db().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
    expect([invited.role, invited.joined_at, invited.account_id]).toEqual(["csm", null, null]);
    const outbox = await db()
      .selectFrom("email_outbox")
      .select(["kind", "payload"])
      .where("to_email", "=", email)
      .executeTakeFirstOrThrow();
    expect(outbox.kind).toBe("invitation");
    expect(outbox.payload).toMatchObject({
      inviterName: "Priya Shah",
      accountName: null,
      roleLabel: "customer success manager",
    });
    const page = await (await server.get("/admin/team", cookie)).text();
    expect(page).toContain("Noah Park");
    expect(page).toContain("Invited");
    // A customer's address cannot become staff.
    const acct = await makeAccount({ csmId: admin.id, playbookId: await makePlaybook(), contacts: 1 });
    const contact = await user(acct.contacts[0].id);
    expect((await post(cookie, { intent: "invite", name: "X", email: contact.email, role: "csm" })).status).toBe(400);
  });

  it("changes roles, but never leaves the portal without an active admin", async () => {
    const admin = await makeStaff({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    // Every other admin in this file's database is deactivated first, so this one is the last.
    await db()
      .updateTable("users")
      .set({ deactivated_at: new Date() })
      .where("role", "=", "admin")
      .where("id", "<>", admin.id)
      .execute();
    const demote = await post(cookie, { intent: "role", userId: admin.id, role: "csm" });
    expect(demote.status).toBe(403);
    expect(await demote.text()).toContain("at least one admin");

    const csm = await makeStaff();
    expect((await post(cookie, { intent: "role", userId: csm.id, role: "admin" })).status).toBe(200);
    expect((await user(csm.id)).role).toBe("admin");
    // Now someone else is an admin, this one may step down, and is sent to the portfolio.
    const stepDown = await post(cookie, { intent: "role", userId: admin.id, role: "csm" });
    expect(stepDown.status).toBe(302);
    expect(stepDown.headers.get("location")).toBe("/csm");
    expect((await user(admin.id)).role).toBe("csm");
    const audit = await db()
      .selectFrom("audit_events")
      .select(["detail"])
      .where("kind", "=", "role_changed")
      .where("subject_user_id", "=", csm.id)
      .execute();
    expect(audit.map((a) => a.detail)).toEqual([{ from: "csm", to: "admin" }]);
  });

  it("deactivating someone ends their sessions at once; you cannot deactivate yourself", async () => {
    const admin = await makeStaff({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const csm = await makeStaff();
    const theirs = await sessionCookie(csm.id);
    expect((await server.get("/csm", theirs)).status).toBe(200);
    expect((await post(cookie, { intent: "deactivate", userId: csm.id, confirm: "yes" })).status).toBe(200);
    expect((await server.get("/csm", theirs)).status).toBe(302);
    expect((await user(csm.id)).deactivated_at).not.toBeNull();
    expect((await post(cookie, { intent: "deactivate", userId: admin.id, confirm: "yes" })).status).toBe(403);
  });

  it("assigns a CSM to an account, who then sees it", async () => {
    const admin = await makeStaff({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const csm = await makeStaff();
    const acct = await makeAccount({ csmId: admin.id, playbookId: await makePlaybook(), contacts: 1 });
    const csmCookie = await sessionCookie(csm.id);
    expect((await server.get(`/csm/accounts/${acct.accountId}`, csmCookie)).status).toBe(404);
    expect((await post(cookie, { intent: "assign", accountId: acct.accountId, csmId: csm.id })).status).toBe(200);
    expect((await server.get(`/csm/accounts/${acct.accountId}`, csmCookie)).status).toBe(200);
    // A customer cannot be made anyone's CSM.
    expect(
      (await post(cookie, { intent: "assign", accountId: acct.accountId, csmId: acct.contacts[0].id })).status,
    ).toBe(400);
  });
});

describe("audit log", () => {
  it("lists security events newest first and filters by kind and person", async () => {
    const admin = await makeStaff({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    await server.post("/login", { email: "nobody.audit@nowhere.test", password: "wrong guess" });
    await post(cookie, { intent: "invite", name: "Audit Target", email: "audit.target@vendor.test", role: "csm" });

    const failed = await (await server.get("/admin/audit?kind=sign_in_failed", cookie)).text();
    expect(failed).toContain("nobody.audit@nowhere.test");
    expect(failed).not.toContain("audit.target@vendor.test");
    const byPerson = await (await server.get("/admin/audit?person=audit.target", cookie)).text();
    expect(byPerson).toContain("Invitation sent");
    expect(byPerson).not.toContain("nobody.audit@nowhere.test");
    const future = await (await server.get("/admin/audit?from=2099-01-01", cookie)).text();
    expect(future).toContain("No events match.");
  });
});
