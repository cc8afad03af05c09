// What axe does not catch (issue 9, items 18–20): optional steps past their
// date raise no alarm; removing, deactivating and reopening take a confirmation;
// the staff edit panel says what each form saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { getPortfolio } from "~/modules/portfolio/get-portfolio.server";
import { dueState } from "~/utils/dates";
import { db, makeAccount, makePlaybook, makeStaff, milestoneSeed, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const user = (id: string) => db().selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const milestone = (id: string) =>
  db().selectFrom("journey_milestones").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("optional steps past their date", () => {
  it("dueState: an optional step past its date is not overdue", () => {
    expect(dueState("2026-03-04", "2026-03-06", { done: false, required: true })).toBe("overdue");
    expect(dueState("2026-03-04", "2026-03-06", { done: false, required: false })).toBe("optional-past");
    expect(dueState("2026-03-04", "2026-03-06", { done: true, required: false })).toBeNull();
    expect(dueState("2026-03-07", "2026-03-06", { done: false, required: false })).toBe("due-soon");
  });

  it("count neither as overdue nor against health, on the portfolio and the journey", async () => {
    const csm = await makeStaff({ name: "Olive Optional" });
    const actor = { id: csm.id, role: "csm" as const, accountId: null };
    const acct = await makeAccount({
      csmId: csm.id,
      playbookId: await makePlaybook(),
      name: "Optional Co",
      startedOn: "2026-03-01",
      now: new Date("2026-03-01T09:00:00Z"),
    });
    await completeMilestone(db(), actor, acct.m["Sign contract"], new Date("2026-03-02T09:00:00Z"));
    await completeMilestone(db(), actor, acct.m["Sales handoff"], new Date("2026-03-02T10:00:00Z"));
    // 2026-03-06: "Optional intro" (due 03-04) is past its date; every required open step is still ahead.
    const now = new Date("2026-03-06T12:00:00Z");
    const [row] = await getPortfolio(db(), actor, {}, now);
    expect(row).toMatchObject({ name: "Optional Co", overdue: 0, health: "on_track" });
    expect(await getPortfolio(db(), actor, { health: "behind_or_stuck" }, now)).toEqual([]);

    const view = (await getJourney(db(), actor, acct.accountId, now))!;
    const intro = view.stages[0].milestones.find((m) => m.title === "Optional intro")!;
    expect(intro.dueState).toBe("optional-past");

    // A required step past its date still counts.
    const later = new Date("2026-03-09T12:00:00Z"); // Kickoff was due 03-08
    expect((await getPortfolio(db(), actor, {}, later))[0]).toMatchObject({ overdue: 1 });
  });

  it("the customer's page shows a calm note, not a red Overdue, and the portfolio says each account's health", async () => {
    const csm = await makeStaff({ name: "Calm CSM" });
    const today = new Date().toISOString().slice(0, 10);
    const startedOn = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const playbookId = await makePlaybook({
      name: `Calm ${Date.now()}`,
      description: "",
      stages: [
        {
          key: "start",
          name: "Start",
          description: "",
          milestones: [
            milestoneSeed("Watch the welcome video", "customer", "customer", 1, false),
            milestoneSeed("Plan the rollout", "customer", "customer", 400, true),
          ],
        },
      ],
    });
    const acct = await makeAccount({
      csmId: csm.id,
      playbookId,
      startedOn,
      now: new Date(`${startedOn}T09:00:00Z`),
      name: "Calm Start Co",
    });
    const page = await (await server.get("/journey", await sessionCookie(acct.contacts[0].id))).text();
    expect(page).toContain("Watch the welcome video");
    expect(page).not.toContain(">Overdue<");
    expect(page).toContain("optional · past its date");
    expect(today > startedOn).toBe(true);

    // A stuck account: the insights' word, the filter's too; the calm one is On track.
    await makeAccount({ csmId: csm.id, playbookId, startedOn: "2026-01-01", name: "Stuck Co" });
    const portfolio = await (await server.get("/csm", await sessionCookie(csm.id))).text();
    const healthOf = (name: string) =>
      new RegExp(`>${name}</a>[\\s\\S]*?data-testid="portfolio-health"[^>]*><span[^>]*>([^<]*)<`).exec(portfolio)?.[1];
    expect(healthOf("Stuck Co")).toBe("Stuck");
    expect(healthOf("Calm Start Co")).toBe("On track"); // ten days, nothing done: not 14 yet
    expect(portfolio).not.toContain("Needs attention");
  });
});

describe("destructive actions take a confirmation", () => {
  it("removing a contact: the first click does not remove, the confirmation does", async () => {
    const csm = await makeStaff({});
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    const cookie = await sessionCookie(csm.id);
    const path = `/csm/accounts/${acct.accountId}/contacts`;
    const contactId = acct.contacts[0].id;
    const page = await (await server.get(path, cookie)).text();
    expect(page).toContain(`Yes, remove ${acct.contacts[0].name}`);

    const first = await server.post(path, { intent: "remove", userId: contactId }, { cookie });
    expect(first.status).toBe(400);
    expect(await first.text()).toContain("Confirm");
    expect((await user(contactId)).deactivated_at).toBeNull();

    const confirmed = await server.post(path, { intent: "remove", userId: contactId, confirm: "yes" }, { cookie });
    expect(confirmed.status).toBe(200);
    expect((await user(contactId)).deactivated_at).not.toBeNull();
  });

  it("deactivating staff: the first click does not deactivate, the confirmation does", async () => {
    const admin = await makeStaff({ role: "admin" });
    const csm = await makeStaff({ name: "Dana Deactivate" });
    const cookie = await sessionCookie(admin.id);
    expect(await (await server.get("/admin/team", cookie)).text()).toContain("Yes, deactivate Dana Deactivate");
    const first = await server.post("/admin/team", { intent: "deactivate", userId: csm.id }, { cookie });
    expect(first.status).toBe(400);
    expect((await user(csm.id)).deactivated_at).toBeNull();
    const confirmed = await server.post(
      "/admin/team",
      { intent: "deactivate", userId: csm.id, confirm: "yes" },
      { cookie },
    );
    expect(confirmed.status).toBe(200);
    expect((await user(csm.id)).deactivated_at).not.toBeNull();
  });

  it("a customer reopening a completed step: the first click does not reopen, the confirmation does", async () => {
    const csm = await makeStaff({});
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
    const sign = acct.m["Sign contract"];
    await completeMilestone(db(), customer, sign, new Date());
    const cookie = await sessionCookie(customer.id);
    expect(await (await server.get("/journey", cookie)).text()).toContain("Yes, reopen");

    const first = await server.post("/journey", { intent: "reopen", milestoneId: sign }, { cookie });
    expect(first.status).toBe(400);
    expect((await milestone(sign)).status).toBe("done");
    const confirmed = await server.post(
      "/journey",
      { intent: "reopen", milestoneId: sign, confirm: "yes" },
      { cookie },
    );
    expect(confirmed.status).toBe(200);
    expect((await milestone(sign)).status).toBe("open");
  });
});

describe("the staff edit panel", () => {
  it("each form says what it saved; a past due date is saved with a warning", async () => {
    const csm = await makeStaff({ name: "Pat Panel" });
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    const cookie = await sessionCookie(csm.id);
    const path = `/csm/accounts/${acct.accountId}`;
    const kickoff = acct.m.Kickoff;

    const owner = await server.post(path, { intent: "owner", milestoneId: kickoff, ownerId: csm.id }, { cookie });
    expect(owner.status).toBe(200);
    expect(await owner.text()).toContain("Owner changed to Pat Panel.");

    const due = await server.post(path, { intent: "due", milestoneId: kickoff, dueOn: "2030-05-04" }, { cookie });
    expect(await due.text()).toContain("Due date moved to May 4, 2030.");

    const past = await server.post(path, { intent: "due", milestoneId: kickoff, dueOn: "2020-01-01" }, { cookie });
    expect(past.status).toBe(200);
    const pastText = await past.text();
    expect(pastText).toContain("Due date moved to Jan 1, 2020.");
    expect(pastText).toContain("That date is in the past");
    expect((await milestone(kickoff)).due_on).toBe("2020-01-01");

    const note = await server.post(path, { intent: "note", milestoneId: kickoff, note: "Called them." }, { cookie });
    expect(await note.text()).toContain("Note added.");
  });
});
