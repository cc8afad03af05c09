// Issue 12 §1, the customer's side: the current stage comes first and open, every other stage is
// one line (finished: its name, when it was done, its steps; later: its steps and expected start)
// that opens by a link, and finishing a stage says what was achieved and what comes next.
// The page's data as the domain builds it, then the page over HTTP, without script.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { customerJourneyPage } from "~/modules/journeys/customer-journey-page.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { firstSentence, stageDoneNotice } from "~/modules/journeys/stage-done-notice";
import { QUERY_COUNT_HEADER } from "~/utils/query-count.server";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

// Read when the pool and the Express app are made, so before the server starts.
process.env.WAYPOINT_COUNT_QUERIES = "1";

const T0 = new Date("2026-03-02T10:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

type Actor = { id: string; role: "customer"; accountId: string };
const csmActor = (id: string) => ({ id, role: "csm" as const, accountId: null });

async function pageAt(actor: Actor, now: Date, ask: { stage?: number; step?: string } = {}) {
  const view = await getJourney(db(), actor, actor.accountId, now);
  if (!view) throw new Error("no journey");
  return customerJourneyPage(view, ask);
}

describe("the page's data", () => {
  let acct: TestAccount;
  let customer: Actor;
  let csm: string;

  beforeEach(async () => {
    csm = (await makeStaff({ name: "Casey CSM" })).id;
    acct = await makeAccount({ csmId: csm, playbookId: await makePlaybook(), now: T0 });
    customer = { id: acct.contacts[0].id, role: "customer", accountId: acct.accountId };
  });

  const finishPurchase = async (now: Date) => {
    await completeMilestone(db(), customer, acct.m["Sign contract"], now);
    return completeMilestone(db(), csmActor(csm), acct.m["Sales handoff"], now);
  };

  it("sends the current stage's steps in full and every later stage as a line with its planned start", async () => {
    const page = await pageAt(customer, T0);
    const [purchase, onboarding, adoption, retention] = page.stages;
    expect(page.currentStage).toEqual({ name: "Purchase", position: 1 });
    expect(purchase.milestones?.map((m) => [m.title, m.description])).toEqual([
      ["Sign contract", "Sign contract, described."],
      ["Sales handoff", "Sales handoff, described."],
      ["Optional intro", "Optional intro, described."],
    ]);
    expect(purchase.milestones?.[0].resources).toHaveLength(1);
    // Later stages: name, steps and when they should start (the last due date of the required steps open before them).
    expect(
      [onboarding, adoption, retention].map((s) => [s.name, s.state, s.steps, s.expectedStart, s.milestones]),
    ).toEqual([
      ["Onboarding", "upcoming", 2, "2026-03-04", null],
      ["Adoption", "upcoming", 1, "2026-03-12", null],
      ["Retention", "upcoming", 2, "2026-03-12", null],
    ]);
    expect(onboarding.description).toBe("");
    // A planned start already past is not known any more.
    const late = await pageAt(customer, at(5));
    expect(late.stages.map((s) => s.expectedStart)).toEqual([null, null, "2026-03-12", "2026-03-12"]);
  });

  it("sends a stage finished before today as one line: when it was done and how many steps it had", async () => {
    await finishPurchase(T0);
    const page = await pageAt(customer, at(2));
    const [purchase, onboarding] = page.stages;
    expect(purchase).toMatchObject({
      name: "Purchase",
      state: "done",
      finishedOn: "2026-03-02",
      steps: 3,
      stepsDone: 2,
      milestones: null,
      description: "",
    });
    expect(onboarding.state).toBe("current");
    expect(onboarding.milestones?.map((m) => m.title)).toEqual(["Kickoff", "Set up SSO"]);
    expect(page.opened).toBeNull();
    // The customer's open step left behind in the finished stage is still a next step, and says where it is.
    expect(page.next.map((n) => [n.title, n.stagePosition])).toEqual([
      ["Optional intro", 1],
      ["Set up SSO", 2],
    ]);
  });

  it("keeps a stage finished today in full, so a visit that finished it can keep it open", async () => {
    await finishPurchase(T0);
    const page = await pageAt(customer, T0);
    expect(page.stages[0].state).toBe("done");
    expect(page.stages[0].milestones?.[0].description).toBe("Sign contract, described.");
  });

  it("opens the stage asked for, as lines without descriptions or guides; a step opens the stage that holds it", async () => {
    await finishPurchase(T0);
    const asked = await pageAt(customer, at(2), { stage: 1 });
    expect(asked.opened).toBe(1);
    expect(asked.stages[0].milestones?.map((m) => [m.title, m.description, m.resources, m.status])).toEqual([
      ["Sign contract", "", [], "done"],
      ["Sales handoff", "", [], "done"],
      ["Optional intro", "", [], "open"],
    ]);
    expect(asked.stages[2].milestones).toBeNull();

    const byStep = await pageAt(customer, at(2), { stage: 4, step: acct.m["Optional intro"] });
    expect(byStep.opened).toBe(1);
    expect(byStep.stages[3].milestones).toBeNull();
    const later = await pageAt(customer, at(2), { stage: 4 });
    expect(later.opened).toBe(4);
    expect(later.stages[3].milestones?.map((m) => m.title)).toEqual(["Health check", "Survey"]);

    // The current stage is open anyway; a stage or step the journey does not have opens nothing.
    expect((await pageAt(customer, at(2), { stage: 2 })).opened).toBeNull();
    expect((await pageAt(customer, at(2), { stage: 9 })).opened).toBeNull();
    expect((await pageAt(customer, at(2), { step: "6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f" })).opened).toBeNull();
  });

  it("completing a step says which stage it finished, and only then", async () => {
    expect((await completeMilestone(db(), customer, acct.m["Sign contract"], T0)).finishedStage).toBeNull();
    expect((await completeMilestone(db(), csmActor(csm), acct.m["Sales handoff"], T0)).finishedStage).toBe(1);
    // The last step of Onboarding also finishes Adoption, which has nothing required; the stage left is Onboarding.
    await completeMilestone(db(), csmActor(csm), acct.m.Kickoff, at(1));
    const sso = await completeMilestone(db(), customer, acct.m["Set up SSO"], at(1));
    expect(sso.finishedStage).toBe(2);
    expect((await completeMilestone(db(), customer, acct.m["Optional intro"], at(1))).finishedStage).toBeNull();
    await completeMilestone(db(), csmActor(csm), acct.m["Health check"], at(2));
    expect((await completeMilestone(db(), customer, acct.m.Survey, at(2))).finishedStage).toBe(4);
  });
});

describe("the words when a stage is finished", () => {
  const stage = (position: number, name: string, state: "done" | "current" | "upcoming", stepsDone = 0) => ({
    position,
    name,
    state,
    stepsDone,
    description: `${name} comes next. It has a second sentence.`,
  });

  it("say what was achieved and what comes next, with the next stage's first sentence", () => {
    const stages = [stage(1, "Onboarding", "done", 5), stage(2, "Adoption", "current")];
    expect(stageDoneNotice(stages, 1, false, 2)).toBe(
      "Onboarding is complete: 5 steps done. Next: Adoption — Adoption comes next.",
    );
  });

  it("name every stage the step finished, and the journey's end", () => {
    const stages = [
      stage(1, "Onboarding", "done", 2),
      stage(2, "Adoption", "done", 0),
      stage(3, "Retention", "current"),
    ];
    expect(stageDoneNotice(stages, 1, false, 3)).toBe(
      "Onboarding and Adoption are complete: 2 steps done. Next: Retention — Retention comes next.",
    );
    const ended = [stage(1, "Onboarding", "done", 2), stage(2, "Advocacy", "done", 1)];
    expect(stageDoneNotice(ended, 2, true, 2)).toBe(
      "Advocacy is complete: 1 step done. That was the last stage: your journey is complete.",
    );
  });

  it("say nothing for a stage that is not done, and only the name of a next stage without a description", () => {
    expect(stageDoneNotice([stage(1, "Onboarding", "current")], 1, false, 1)).toBeNull();
    const bare = [stage(1, "Onboarding", "done", 3), { ...stage(2, "Adoption", "current"), description: " " }];
    expect(stageDoneNotice(bare, 1, false, 2)).toBe("Onboarding is complete: 3 steps done. Next: Adoption.");
    expect(firstSentence("Version 2.5 ships soon! Then more.")).toBe("Version 2.5 ships soon!");
    expect(firstSentence("No full stop")).toBe("No full stop.");
  });
});

describe("over HTTP, without script", () => {
  let server: TestServer;
  let acct: TestAccount;
  let cookie: string;
  let csm: string;

  beforeAll(async () => {
    server = await startTestServer();
    csm = (await makeStaff({ name: "Casey CSM" })).id;
    // Started long ago, so the stage finished below was finished before today.
    acct = await makeAccount({ csmId: csm, playbookId: await makePlaybook(), now: T0 });
    const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
    await completeMilestone(db(), customer, acct.m["Sign contract"], T0);
    await completeMilestone(db(), csmActor(csm), acct.m["Sales handoff"], T0);
    cookie = await sessionCookie(customer.id);
  });
  afterAll(() => server?.close());

  async function page(path: string) {
    const res = await server.get(path, cookie);
    expect(res.status).toBe(200);
    return { html: await res.text(), queries: Number(res.headers.get(QUERY_COUNT_HEADER)) };
  }
  /** One stage's section, from its opening tag to the next stage's. */
  const section = (html: string, position: number) => {
    const start = html.indexOf(`<section id="stage-${position}"`);
    if (start < 0) return "";
    const next = html.indexOf('<section id="stage-', start + 1);
    const end = next < 0 ? html.indexOf("</main>", start) : next;
    return html.slice(start, end);
  };
  const stripTags = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ");

  it("puts the current stage first and in full; a finished stage is one line that links to its steps", async () => {
    const { html, queries } = await page("/journey");
    expect(queries).toBeLessThanOrEqual(5);
    expect(html.indexOf('id="stage-2"')).toBeLessThan(html.indexOf('id="stage-1"'));
    expect(html.indexOf('id="stage-2"')).toBeLessThan(html.indexOf('id="stage-3"'));
    const current = section(html, 2);
    expect(current).toContain("Current stage");
    expect(current).toContain("Set up SSO, described.");
    expect(current).toContain("Mark &quot;Set up SSO&quot; as done");

    const finished = section(html, 1);
    expect(stripTags(finished)).toMatch(
      /1\. Purchase\s+Done\s+Done on Mar 2, 2026 · 3 steps\s+Show the steps\s+of Purchase/,
    );
    expect(finished).toContain('href="/journey?stage=1#stage-1"');
    // Its steps are neither rendered nor sent.
    expect(html).not.toContain("Sign contract");
    expect(html).not.toContain("Sales handoff");

    const later = stripTags(section(html, 4));
    expect(later).toMatch(/4\. Retention\s+Upcoming\s+2 steps/);
    expect(html).not.toContain("Health check");
    // "Your next steps" still lists the step left open in the finished stage, and its link opens that stage.
    expect(html).toContain(`href="/journey?stage=1#milestone-${acct.m["Optional intro"]}"`);
    expect(html).toContain(`href="#milestone-${acct.m["Set up SSO"]}"`);
  });

  it("opens a finished stage from its link, and the stage holding a step from an email's link", async () => {
    const opened = await page("/journey?stage=1");
    expect(opened.queries).toBeLessThanOrEqual(5);
    const finished = section(opened.html, 1);
    expect(finished).toContain(`id="milestone-${acct.m["Sign contract"]}"`);
    expect(finished).toContain("Reopen &quot;Sign contract&quot;");
    expect(finished).toContain('href="/journey#stage-1"');
    expect(stripTags(finished)).toContain("Hide the steps");
    expect(finished).not.toContain("Sign contract, described.");
    // The current stage stays first and open.
    expect(opened.html.indexOf('id="stage-2"')).toBeLessThan(opened.html.indexOf('id="stage-1"'));

    const fromEmail = await page(`/journey?step=${acct.m["Optional intro"]}`);
    expect(section(fromEmail.html, 1)).toContain(`id="milestone-${acct.m["Optional intro"]}"`);
    expect(section(fromEmail.html, 1)).toContain("Mark &quot;Optional intro&quot; as done");
  });

  it("after the step that finishes a stage, shows what was achieved and what comes next, once", async () => {
    await completeMilestone(db(), csmActor(csm), acct.m.Kickoff, new Date());
    const before = await page("/journey");
    expect(before.html).not.toContain('data-testid="stage-done"');
    // In the current stage a closed step is a line; the open one keeps its card.
    const onboarding = section(before.html, 2);
    const item = (id: string) => onboarding.match(new RegExp(`<li id="milestone-${id}"[^>]*>`))?.[0] ?? "";
    expect(item(acct.m.Kickoff)).toContain('data-testid="milestone-line"');
    expect(item(acct.m["Set up SSO"])).toContain('data-testid="milestone"');

    const res = await server.post("/journey", { intent: "complete", milestoneId: acct.m["Set up SSO"] }, { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    const panel = html.slice(
      html.indexOf('data-testid="stage-done"'),
      html.indexOf("</section>", html.indexOf('data-testid="stage-done"')),
    );
    expect(stripTags(panel)).toContain(
      "Onboarding and Adoption are complete: 2 steps done. Next: Retention — Keep going.",
    );
    expect(stripTags(panel)).toContain("Dismiss");
    // It leads the page, and the stage it names next is the one shown open.
    expect(html.indexOf('data-testid="stage-done"')).toBeLessThan(html.indexOf('id="journey-heading"'));
    expect(section(html, 4)).toContain("Current stage");

    // Reopening says nothing of the kind, and neither does the page on its next visit.
    const reopen = await server.post(
      "/journey",
      { intent: "reopen", milestoneId: acct.m["Set up SSO"], confirm: "yes" },
      { cookie },
    );
    expect(await reopen.text()).not.toContain('data-testid="stage-done"');
    expect((await page("/journey")).html).not.toContain('data-testid="stage-done"');
  });
});
