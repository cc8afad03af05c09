// Issue 12 §1 and issue 13, for the CSM: the line at the top of the account page, which leads with
// the account's health in the insights' words (On track, Behind, Stuck) and says why, with overdue
// steps by side and days since the last activity; and the staff wording of the account page.
import { describe, expect, it } from "vitest";
import { setAccountArchived } from "~/modules/account-lifecycle/manage-account.server";
import { type AttentionView, accountAttention } from "~/modules/insights/account-attention";
import type { JourneyHealth } from "~/modules/insights/get-account-health.server";
import { seedDemo } from "~/server/demo/seed-demo";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie } from "./factories";
import { startTestServer } from "./helpers/http";

type Step = AttentionView["stages"][number]["milestones"][number];
const step = (over: Partial<Step>): Step => ({
  ownerSide: "customer",
  required: true,
  status: "open",
  dueOn: "2026-03-20",
  ...over,
});

/** Purchase done; Onboarding current (position 2); Adoption ahead. Today is 2026-03-16. */
function view(onboarding: Step[], over: Partial<AttentionView> = {}): AttentionView {
  return {
    account: {
      id: "a",
      name: "Acme",
      timezone: "UTC",
      csmName: "Casey",
      status: "active",
      pausedOn: null,
      archived: false,
    },
    journey: { id: "j", playbookName: "P", startedOn: "2026-03-01", daysSinceStart: 15, completedAt: null },
    today: "2026-03-16",
    currentStage: { name: "Onboarding", position: 2, daysInStage: 10 },
    stages: [
      { position: 1, name: "Purchase", milestones: [step({ status: "done", dueOn: "2026-03-02" })] },
      { position: 2, name: "Onboarding", milestones: onboarding },
      // A later stage's date passing is not the journey's problem yet.
      { position: 3, name: "Adoption", milestones: [step({ dueOn: "2026-03-10" })] },
    ],
    ...over,
  };
}
const yesterday = "2026-03-15T12:00:00Z";

/** The health journeyHealthJson reads for the view's journey; the page only puts it in words. */
const health = (over: Partial<JourneyHealth> = {}): JourneyHealth => ({
  health: "on_track",
  stageName: "Onboarding",
  daysInStage: 10,
  expectedDays: 12,
  daysSinceDone: 2,
  ...over,
});

describe("the attention line", () => {
  it("counts overdue steps by side; optional and not-applicable steps never count", () => {
    const a = accountAttention(
      view([
        step({ ownerSide: "customer", dueOn: "2026-03-10" }),
        step({ ownerSide: "customer", dueOn: "2026-03-12" }),
        step({ ownerSide: "vendor", dueOn: "2026-03-15" }),
        step({ ownerSide: "vendor", dueOn: "2026-03-16" }), // due today: not late yet
        step({ ownerSide: "customer", dueOn: "2026-03-01", required: false }),
        step({ ownerSide: "vendor", dueOn: "2026-03-01", status: "not_applicable" }),
        step({ ownerSide: "customer", dueOn: "2026-03-01", status: "done" }),
        step({ ownerSide: "customer", dueOn: "2026-03-30" }),
      ]),
      yesterday,
      health(),
    );
    expect(a.overdue).toEqual({ customer: 2, vendor: 1 });
    expect(a.health).toBe("on_track");
    expect(a.line).toBe(
      "On track: Onboarding 10 days in, 12 expected · 2 steps overdue on the customer's side · 1 step overdue on ours · last activity yesterday.",
    );
  });

  it("an optional step long past its date raises nothing", () => {
    const a = accountAttention(
      view([step({ required: false, dueOn: "2026-03-02" }), step({ dueOn: "2026-03-30" })]),
      "2026-03-16T08:00:00Z",
      health(),
    );
    expect(a).toMatchObject({ overdue: { customer: 0, vendor: 0 }, health: "on_track" });
    expect(a.line).toBe("On track: Onboarding 10 days in, 12 expected · last activity today.");
  });

  it("leads with the insights' word and says the figures that decided it", () => {
    const ok = [step({ dueOn: "2026-03-30" })];
    const behind = accountAttention(view(ok), yesterday, health({ health: "behind", expectedDays: 7 }));
    expect(behind.health).toBe("behind");
    expect(behind.line).toBe("Behind: Onboarding 10 days in, 7 expected · last activity yesterday.");
    // Stuck by the quiet rule: the line says how long nothing has been done.
    const quiet = accountAttention(view(ok), yesterday, health({ health: "stuck", daysInStage: 5, daysSinceDone: 15 }));
    expect(quiet.line).toBe(
      "Stuck: Onboarding 5 days in, 12 expected · no step completed in 15 days · last activity yesterday.",
    );
    // 13 quiet days are not worth a mention yet; a stage with no plan says so.
    const unplanned = accountAttention(view(ok), null, health({ expectedDays: null, daysSinceDone: 13 }));
    expect(unplanned.line).toBe("On track: Onboarding 10 days in, no expected days set · nothing has happened yet.");
  });

  it("counts days since the last activity in the account's timezone", () => {
    const tokyo = view([step({ dueOn: "2026-03-30" })]);
    tokyo.account = { ...tokyo.account, timezone: "Asia/Tokyo" };
    // 2026-03-15T16:00Z is already the 16th in Tokyo.
    expect(accountAttention(tokyo, "2026-03-15T16:00:00Z", health()).daysSinceActivity).toBe(0);
    expect(accountAttention(tokyo, "2026-03-15T14:00:00Z", health()).daysSinceActivity).toBe(1);
  });

  it("while paused, the plan's clock stands at the day the pause began", () => {
    const paused = view([step({ ownerSide: "vendor", dueOn: "2026-03-08" }), step({ dueOn: "2026-03-12" })]);
    paused.account = { ...paused.account, status: "paused", pausedOn: "2026-03-10" };
    const a = accountAttention(paused, yesterday, health({ daysInStage: 4 }));
    // On 03-10 only the 03-08 step was late.
    expect(a).toMatchObject({ overdue: { customer: 0, vendor: 1 }, pausedOn: "2026-03-10" });
    expect(a.line).toBe(
      "On track: Onboarding 4 days in, 12 expected · 1 step overdue on ours · last activity yesterday · paused since Mar 10, 2026, so the plan's clock stopped then.",
    );
  });

  it("a journey that is not running has no health word", () => {
    const done = view([step({ required: true, status: "done", dueOn: "2026-03-01" })], {
      journey: { id: "j", playbookName: "P", startedOn: "2026-03-01", daysSinceStart: 15, completedAt: yesterday },
    });
    const a = accountAttention(done, "2026-02-01T00:00:00Z", null);
    expect(a).toMatchObject({ overdue: { customer: 0, vendor: 0 }, health: null });
    expect(a.line).toBe("Journey complete: last activity 43 days ago.");
    const churned = view([step({ dueOn: "2026-03-10" })]);
    churned.account = { ...churned.account, status: "churned" };
    expect(accountAttention(churned, yesterday, null).line).toBe(
      "Not being worked on (churned), so no health: 1 step overdue on the customer's side · last activity yesterday.",
    );
    const archived = view([step({ dueOn: "2026-03-10" })]);
    archived.account = { ...archived.account, archived: true };
    expect(accountAttention(archived, yesterday, null).line).toBe(
      "Archived, so no health: 1 step overdue on the customer's side · last activity yesterday.",
    );
  });
});

describe("the account page in staff wording", () => {
  it("Diego reads the attention line and 'CSM: Diego Alvarez', never 'Your CSM'", { timeout: 60_000 }, async () => {
    await seedDemo(db(), new Date());
    const diego = await db()
      .selectFrom("users")
      .select("id")
      .where("email", "=", "diego@waypoint.example")
      .executeTakeFirstOrThrow();
    const globex = await db()
      .selectFrom("accounts")
      .select("id")
      .where("name", "=", "Globex Logistics")
      .executeTakeFirstOrThrow();
    const server = await startTestServer();
    try {
      const res = await server.get(`/csm/accounts/${globex.id}`, await sessionCookie(diego.id));
      expect(res.status).toBe(200);
      const html = (await res.text()).replace(/<!-- -->/g, "");
      expect(html).toContain("CSM: Diego Alvarez");
      expect(html).not.toContain("Your CSM");
      // The customer's side reads as the customer's, not as "Your team".
      expect(html).not.toContain("Your team");
      expect(html).toContain("Frank Miller · VP Operations, customer");
      // Globex is overdue in Adoption and Stuck on /insights (the demo's story): the line says both at the top.
      const line = /<p[^>]*data-testid="attention"[^>]*>([^<]*)<\/p>/.exec(html)?.[1] ?? "";
      expect(line).toMatch(/^Stuck: Adoption .*overdue/);
      expect(html.indexOf('data-testid="attention"')).toBeLessThan(html.indexOf("Add a step to this journey"));
    } finally {
      await server.close();
    }
  });

  it("says an archived account is archived, not merely idle", { timeout: 60_000 }, async () => {
    const admin = await makeStaff({ role: "admin", name: "Archive Reader" });
    const acct = await makeAccount({ csmId: admin.id, playbookId: await makePlaybook() });
    await setAccountArchived(
      db(),
      { id: admin.id, role: "admin", accountId: null },
      { accountId: acct.accountId, archived: true },
      new Date(),
    );
    const server = await startTestServer();
    try {
      const res = await server.get(`/csm/accounts/${acct.accountId}`, await sessionCookie(admin.id));
      expect(res.status).toBe(200);
      const html = (await res.text()).replace(/<!-- -->/g, "");
      const line = /<p[^>]*data-testid="attention"[^>]*>([^<]*)<\/p>/.exec(html)?.[1] ?? "";
      expect(line).toMatch(/^Archived, so no health: /);
    } finally {
      await server.close();
    }
  });
});
