// The read-only viewer (sees every account, changes nothing) and staff team
// functions (set by admins, used to pick real owners for playbook steps).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/modules/accounts/access.server";
import { listOwnerCandidates } from "~/modules/accounts/list-owner-candidates.server";
import { inviteContact } from "~/modules/contacts/invite-contact.server";
import { listAccountContacts } from "~/modules/contacts/list-account-contacts.server";
import { removeContact, resendInvitation } from "~/modules/contacts/manage-contact.server";
import { addMilestoneNote } from "~/modules/journeys/add-milestone-note.server";
import { changeMilestoneDueDate } from "~/modules/journeys/change-milestone-due-date.server";
import { changeMilestoneOwner } from "~/modules/journeys/change-milestone-owner.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { reopenMilestone } from "~/modules/journeys/reopen-milestone.server";
import { getPortfolio } from "~/modules/portfolio/get-portfolio.server";
import { assignCsm, changeStaffRole, changeTeamFunction, inviteStaff } from "~/modules/team/manage-staff.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff, milestoneSeed, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

const NOW = new Date("2026-03-10T10:00:00Z");
const actor = (u: { id: string; role: string }): Actor & { name: string } => ({
  id: u.id,
  role: u.role as Actor["role"],
  accountId: null,
  name: "Someone",
});

async function snapshot() {
  const [events, outbox, users, milestones] = await Promise.all([
    db().selectFrom("milestone_events").selectAll().execute(),
    db().selectFrom("email_outbox").select("id").execute(),
    db().selectFrom("users").select(["id", "role", "deactivated_at", "joined_at", "team_function"]).execute(),
    db().selectFrom("journey_milestones").select(["id", "status", "owner_user_id", "due_on"]).execute(),
  ]);
  return { events: events.length, outbox: outbox.length, users, milestones };
}

describe("a viewer", () => {
  it("sees every account, whoever looks after it", async () => {
    const maya = await makeStaff();
    const leo = await makeStaff();
    const viewer = actor(await makeStaff({ role: "viewer", fn: null }));
    const playbookId = await makePlaybook();
    const a = await makeAccount({ csmId: maya.id, playbookId, name: "Viewer Sees A" });
    const b = await makeAccount({ csmId: leo.id, playbookId, name: "Viewer Sees B" });
    const names = (await getPortfolio(db(), viewer, {}, NOW)).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["Viewer Sees A", "Viewer Sees B"]));
    expect((await getJourney(db(), viewer, b.accountId, NOW))?.account.name).toBe("Viewer Sees B");
    expect((await listAccountContacts(db(), viewer, a.accountId)).contacts).toHaveLength(2);
  });

  it("changes nothing: every command on a journey or its contacts is refused, and nothing is written", async () => {
    const csm = await makeStaff();
    const viewer = actor(await makeStaff({ role: "viewer", fn: null }));
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    // A pending contact, so that resending an invitation would otherwise work.
    await db().updateTable("users").set({ joined_at: null }).where("id", "=", acct.contacts[1].id).execute();
    const before = await snapshot();
    const m = acct.m["Sales handoff"];
    const attempts: [string, () => Promise<unknown>][] = [
      ["complete", () => completeMilestone(db(), viewer, m, NOW)],
      ["reopen", () => reopenMilestone(db(), viewer, m, NOW)],
      ["note", () => addMilestoneNote(db(), viewer, m, "Looks fine", NOW)],
      ["owner", () => changeMilestoneOwner(db(), viewer, m, csm.id, NOW)],
      ["due", () => changeMilestoneDueDate(db(), viewer, m, "2026-04-01", NOW)],
      [
        "invite",
        () =>
          inviteContact(
            db(),
            viewer,
            { accountId: acct.accountId, name: "New", email: "new@customer.test", ip: null },
            NOW,
          ),
      ],
      [
        "resend",
        () => resendInvitation(db(), viewer, { accountId: acct.accountId, userId: acct.contacts[1].id, ip: null }, NOW),
      ],
      [
        "remove",
        () => removeContact(db(), viewer, { accountId: acct.accountId, userId: acct.contacts[0].id, ip: null }, NOW),
      ],
    ];
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toThrow(ForbiddenError);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("gets a 404, not a 403, for a milestone that does not exist, so a refusal reveals nothing", async () => {
    const viewer = actor(await makeStaff({ role: "viewer" }));
    await expect(completeMilestone(db(), viewer, "00000000-0000-4000-8000-000000000000", NOW)).rejects.toThrow(
      NotFoundError,
    );
  });

  it("neither owns a milestone nor looks after an account", async () => {
    const admin = actor(await makeStaff({ role: "admin" }));
    const viewer = await makeStaff({ role: "viewer", fn: "onboarding" });
    const acct = await makeAccount({ csmId: admin.id, playbookId: await makePlaybook() });
    await expect(changeMilestoneOwner(db(), admin, acct.m.Kickoff, viewer.id, NOW)).rejects.toThrow(InputError);
    await expect(assignCsm(db(), admin, { accountId: acct.accountId, csmId: viewer.id })).rejects.toThrow(
      "a viewer cannot look after an account",
    );
    const owners = await listOwnerCandidates(db(), acct.accountId);
    expect(owners.map((o) => o.id)).not.toContain(viewer.id);
    expect(owners.find((o) => o.id === admin.id)).toMatchObject({ side: "vendor", teamFunction: "csm" });
  });

  it("is never the owner a new journey picks by team function", async () => {
    const playbookId = await makePlaybook({
      name: "Support playbook",
      description: "One vendor step owned by support",
      stages: [
        {
          key: "go",
          name: "Go",
          description: "",
          milestones: [milestoneSeed("Support review", "vendor", "support", 5, true)],
        },
      ],
    });
    // The viewer joined first, so only their role keeps them off the step.
    const viewer = await makeStaff({ role: "viewer", fn: "support" });
    await db().updateTable("users").set({ created_at: "2000-01-01T00:00:00Z" }).where("id", "=", viewer.id).execute();
    const support = await makeStaff({ role: "csm", fn: "support" });
    const acct = await makeAccount({ csmId: null, playbookId });
    const owner = await db()
      .selectFrom("journey_milestones")
      .innerJoin("users", "users.id", "journey_milestones.owner_user_id")
      .select(["users.id", "users.role"])
      .where("journey_milestones.id", "=", acct.m["Support review"])
      .executeTakeFirstOrThrow();
    expect(owner.id).not.toBe(viewer.id);
    expect(owner.role).not.toBe("viewer");
    expect(support.id).toBeTruthy();
  });
});

describe("staff roles and team functions", () => {
  it("an admin makes a CSM a viewer only once their accounts and open milestones are handed over", async () => {
    const admin = actor(await makeStaff({ role: "admin" }));
    const csm = await makeStaff();
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    const toViewer = () => changeStaffRole(db(), admin, { userId: csm.id, role: "viewer", ip: null }, NOW);
    await expect(toViewer()).rejects.toThrow("Hand over their 1 account and 2 open milestones");
    expect(
      (await db().selectFrom("users").select("role").where("id", "=", csm.id).executeTakeFirstOrThrow()).role,
    ).toBe("csm");
    await assignCsm(db(), admin, { accountId: acct.accountId, csmId: admin.id });
    await db()
      .updateTable("journey_milestones")
      .set({ owner_user_id: admin.id })
      .where("owner_user_id", "=", csm.id)
      .execute();
    await toViewer();
    const audit = await db()
      .selectFrom("audit_events")
      .select(["actor_id", "detail"])
      .where("kind", "=", "role_changed")
      .where("subject_user_id", "=", csm.id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_id: admin.id, detail: { from: "csm", to: "viewer" } });
  });

  it("an admin sets a team function; it is audited, and repeating it changes nothing", async () => {
    const admin = actor(await makeStaff({ role: "admin" }));
    const person = await makeStaff({ fn: "csm" });
    const set = (teamFunction: "onboarding" | null) =>
      changeTeamFunction(db(), admin, { userId: person.id, teamFunction, ip: "203.0.113.9" }, NOW);
    expect(await set("onboarding")).toEqual({ changed: true });
    expect(await set("onboarding")).toEqual({ changed: false });
    expect(await set(null)).toEqual({ changed: true });
    const events = await db()
      .selectFrom("audit_events")
      .select(["at", "detail", "ip"])
      .where("kind", "=", "team_function_changed")
      .where("subject_user_id", "=", person.id)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { at: NOW, detail: { from: "csm", to: "onboarding" }, ip: "203.0.113.9" },
      { at: NOW, detail: { from: "onboarding", to: null }, ip: "203.0.113.9" },
    ]);
    // Only admins, and only for staff.
    const csm = actor(await makeStaff());
    await expect(
      changeTeamFunction(db(), csm, { userId: person.id, teamFunction: "sales", ip: null }, NOW),
    ).rejects.toThrow(NotFoundError);
    const acct = await makeAccount({ csmId: null, playbookId: await makePlaybook(), contacts: 1 });
    await expect(
      changeTeamFunction(db(), admin, { userId: acct.contacts[0].id, teamFunction: "sales", ip: null }, NOW),
    ).rejects.toThrow(NotFoundError);
  });

  it("invites a viewer without a team function unless one is chosen", async () => {
    const admin = actor(await makeStaff({ role: "admin" }));
    const a = await inviteStaff(db(), admin, { name: "Vi", email: "vi@vendor.test", role: "viewer", ip: null }, NOW);
    const b = await inviteStaff(
      db(),
      admin,
      { name: "Sam", email: "sam@vendor.test", role: "csm", teamFunction: "sales", ip: null },
      NOW,
    );
    const rows = await db()
      .selectFrom("users")
      .select(["id", "role", "team_function"])
      .where("id", "in", [a.userId, b.userId])
      .orderBy("email", "desc")
      .execute();
    expect(rows).toEqual([
      { id: a.userId, role: "viewer", team_function: null },
      { id: b.userId, role: "csm", team_function: "sales" },
    ]);
    const payload = await db()
      .selectFrom("email_outbox")
      .select("payload")
      .where("to_email", "=", "vi@vendor.test")
      .executeTakeFirstOrThrow();
    expect(payload.payload).toMatchObject({ roleLabel: "viewer (read-only)" });
  });
});

describe("over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a viewer's account and contacts pages show everything but the controls that change it", async () => {
    const admin = await makeStaff({ role: "admin" });
    const onboarding = await makeStaff({ name: "Olu Onboarder", fn: "onboarding" });
    const viewer = await makeStaff({ role: "viewer", name: "Vera Viewer", fn: null });
    const acct = await makeAccount({ csmId: admin.id, playbookId: await makePlaybook(), name: "Pages Co" });
    const [adminCookie, viewerCookie] = [await sessionCookie(admin.id), await sessionCookie(viewer.id)];

    const edit = `/csm/accounts/${acct.accountId}?edit=${acct.m["Sales handoff"]}`;
    const adminPage = await (await server.get(edit, adminCookie)).text();
    expect(adminPage).toContain('data-testid="edit-panel"');
    // The owner picker groups our team by what they do; a viewer is not offered.
    expect(adminPage).toContain('label="Our team · Onboarding specialist"');
    expect(adminPage).toMatch(/Olu Onboarder/);
    expect(adminPage).not.toContain("Vera Viewer");

    const viewerPage = await server.get(edit, viewerCookie);
    expect(viewerPage.status).toBe(200);
    const html = await viewerPage.text();
    expect(html).toContain("Pages Co");
    expect(html).toContain("Sales handoff");
    expect(html).not.toContain('data-testid="edit-panel"');
    expect(html).not.toContain("?edit=");
    expect(html).not.toContain('name="intent" value="complete"');

    const contacts = await (await server.get(`/csm/accounts/${acct.accountId}/contacts`, viewerCookie)).text();
    expect(contacts).toContain(acct.contacts[0].name);
    expect(contacts).not.toContain("Invite a contact");
    expect(contacts).not.toContain(`Remove ${acct.contacts[0].name}`);
    const asAdmin = await (await server.get(`/csm/accounts/${acct.accountId}/contacts`, adminCookie)).text();
    expect(asAdmin).toContain("Invite a contact");
    expect(onboarding.id).toBeTruthy();
  });

  it("a viewer's refused change says why", async () => {
    const csm = await makeStaff();
    const viewer = await makeStaff({ role: "viewer" });
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    const res = await server.post(
      `/csm/accounts/${acct.accountId}`,
      { intent: "complete", milestoneId: acct.m["Sales handoff"] },
      { cookie: await sessionCookie(viewer.id) },
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Your role is read-only");
  });

  it("an admin sets a team function on /admin/team; a bad one is a 400 with a message", async () => {
    const admin = await makeStaff({ role: "admin" });
    const person = await makeStaff({ name: "Fern Function" });
    const cookie = await sessionCookie(admin.id);
    const ok = await server.post(
      "/admin/team",
      { intent: "function", userId: person.id, teamFunction: "account_manager" },
      { cookie },
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Team function set to account manager.");
    const fn = () =>
      db().selectFrom("users").select("team_function").where("id", "=", person.id).executeTakeFirstOrThrow();
    expect((await fn()).team_function).toBe("account_manager");
    const bad = await server.post(
      "/admin/team",
      { intent: "function", userId: person.id, teamFunction: "chef" },
      { cookie },
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose sales, onboarding, CSM, support, account manager or none.");
    expect((await fn()).team_function).toBe("account_manager");
    const page = await (await server.get("/admin/team", cookie)).text();
    expect(page).toMatch(/Team function of (<!-- -->)?Fern Function/);
    expect(page).toContain("Viewer (read-only)");
  });
});
