// Issue 12 §1, for the CSM: the line at the top of the account page that says what needs attention
// (overdue steps by side, the current stage's overrun, days since the last activity), and the staff
// wording of the account page.
import { describe, expect, it } from "vitest";
import { type AttentionView, accountAttention } from "~/modules/journeys/account-attention";
import { seedDemo } from "~/server/demo/seed-demo";
import { db, sessionCookie } from "./factories";
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
    );
    expect(a.overdue).toEqual({ customer: 2, vendor: 1 });
    expect(a.needsAttention).toBe(true);
    expect(a.line).toBe(
      "Needs attention: 2 steps overdue on the customer's side · 1 step overdue on ours · last activity yesterday.",
    );
  });

  it("an optional step long past its date raises nothing", () => {
    const a = accountAttention(
      view([step({ required: false, dueOn: "2026-03-02" }), step({ dueOn: "2026-03-30" })]),
      "2026-03-16T08:00:00Z",
    );
    expect(a).toMatchObject({ overdue: { customer: 0, vendor: 0 }, stageOverrunDays: 0, needsAttention: false });
    expect(a.line).toBe("Nothing needs attention: last activity today.");
  });

  it("says how many days the current stage has run past the last due date of its required steps", () => {
    // The plan ends with the latest required date (03-11); the done step's date counts, the optional one's not.
    const a = accountAttention(
      view([
        step({ status: "done", dueOn: "2026-03-11" }),
        step({ dueOn: "2026-03-09" }),
        step({ required: false, dueOn: "2026-03-15" }),
        step({ status: "not_applicable", dueOn: "2026-03-14" }),
      ]),
      yesterday,
    );
    expect(a.stageOverrunDays).toBe(5);
    expect(a.overdue).toEqual({ customer: 1, vendor: 0 });
    expect(a.line).toBe(
      "Needs attention: 1 step overdue on the customer's side · Onboarding 5 days past its planned end · last activity yesterday.",
    );
    // Within its plan: no overrun.
    expect(accountAttention(view([step({ dueOn: "2026-03-16" })]), yesterday).stageOverrunDays).toBe(0);
  });

  it("a quiet journey needs attention from the portfolio's stuck threshold (14 days) on", () => {
    const ok = [step({ dueOn: "2026-03-30" })];
    expect(accountAttention(view(ok), "2026-03-03T10:00:00Z")).toMatchObject({
      daysSinceActivity: 13,
      quiet: false,
      needsAttention: false,
    });
    const quiet = accountAttention(view(ok), "2026-03-02T10:00:00Z");
    expect(quiet).toMatchObject({ daysSinceActivity: 14, quiet: true, needsAttention: true });
    expect(quiet.line).toBe("Needs attention: last activity 14 days ago.");
    expect(accountAttention(view(ok), null).line).toBe("Nothing needs attention: nothing has happened yet.");
  });

  it("counts days since the last activity in the account's timezone", () => {
    const tokyo = view([step({ dueOn: "2026-03-30" })]);
    tokyo.account = { ...tokyo.account, timezone: "Asia/Tokyo" };
    // 2026-03-15T16:00Z is already the 16th in Tokyo.
    expect(accountAttention(tokyo, "2026-03-15T16:00:00Z").daysSinceActivity).toBe(0);
    expect(accountAttention(tokyo, "2026-03-15T14:00:00Z").daysSinceActivity).toBe(1);
  });

  it("while paused, the plan's clock stands at the day the pause began", () => {
    const paused = view([step({ ownerSide: "vendor", dueOn: "2026-03-08" }), step({ dueOn: "2026-03-12" })]);
    paused.account = { ...paused.account, status: "paused", pausedOn: "2026-03-10" };
    const a = accountAttention(paused, yesterday);
    // On 03-10 only the 03-08 step was late, and the stage (planned to end 03-12) was within plan.
    expect(a).toMatchObject({ overdue: { customer: 0, vendor: 1 }, stageOverrunDays: 0, pausedOn: "2026-03-10" });
    expect(a.line).toBe(
      "Needs attention: 1 step overdue on ours · last activity yesterday · paused since Mar 10, 2026, so the plan's clock stopped then.",
    );
  });

  it("a complete journey needs nothing", () => {
    const done = view([step({ required: true, status: "done", dueOn: "2026-03-01" })], {
      journey: { id: "j", playbookName: "P", startedOn: "2026-03-01", daysSinceStart: 15, completedAt: yesterday },
    });
    expect(accountAttention(done, "2026-02-01T00:00:00Z")).toMatchObject({
      overdue: { customer: 0, vendor: 0 },
      stageOverrunDays: 0,
      quiet: false,
      needsAttention: false,
    });
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
      // Globex is overdue in Adoption (the demo's story): the line says so at the top.
      const line = /<p[^>]*data-testid="attention"[^>]*>([^<]*)<\/p>/.exec(html)?.[1] ?? "";
      expect(line).toMatch(/^Needs attention: .*overdue/);
      expect(html.indexOf('data-testid="attention"')).toBeLessThan(html.indexOf("Add a step to this journey"));
    } finally {
      await server.close();
    }
  });
});
