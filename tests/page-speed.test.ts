// What keeps the busiest pages cheap, as behaviour rather than timings (those belong in
// `npm run bench:pages`): how many SQL queries a page's request runs, counted by the same
// per-request counter the benchmark reads, and that finished stages are shown as one line each.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJourney, withFinishedStagesBrief } from "~/modules/journeys/get-journey.server";
import { QUERY_COUNT_HEADER } from "~/utils/query-count.server";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

// Read when the pool and the Express app are made, so before the server starts.
process.env.WAYPOINT_COUNT_QUERIES = "1";

let server: TestServer;
let account: TestAccount;
let customer: string;
let csm: string;

beforeAll(async () => {
  server = await startTestServer();
  const staff = await makeStaff({ name: "Quinn Counter" });
  account = await makeAccount({ csmId: staff.id, playbookId: await makePlaybook() });
  customer = await sessionCookie(account.contacts[0].id);
  csm = await sessionCookie(staff.id);
  // Finish the first stage (Purchase) through the pages, so the journey has history and a finished stage.
  const done = (path: string, cookie: string, title: string) =>
    server.post(path, { intent: "complete", milestoneId: account.m[title] }, { cookie });
  expect((await done("/journey", customer, "Sign contract")).status).toBe(200);
  expect((await done(`/csm/accounts/${account.accountId}`, csm, "Sales handoff")).status).toBe(200);
  expect((await server.post(`/csm/accounts/${account.accountId}`, note("Kickoff"), { cookie: csm })).status).toBe(200);
});

afterAll(() => server?.close());

const note = (title: string) => ({ intent: "note", milestoneId: account.m[title], note: "Booked for Monday" });

async function queriesOf(path: string, cookie: string): Promise<number> {
  const res = await server.get(path, cookie);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  const header = res.headers.get(QUERY_COUNT_HEADER);
  expect(header).not.toBeNull();
  return Number(header);
}

describe("queries per page, the session check included", () => {
  it("the journey page and its data run 2: the session check and one statement, survey questions included", async () => {
    // The first stage is finished, so the page asks how it went: the question costs no query of its own.
    const page = await server.get("/journey", customer);
    expect(await page.text()).toContain("How did Purchase go?");
    expect(await queriesOf("/journey", customer)).toBe(2);
    expect(await queriesOf("/journey.data", customer)).toBe(2);
    // Opening a stage, or the stage that holds a step (an email's link), costs none more.
    expect(await queriesOf("/journey?stage=1", customer)).toBe(2);
    expect(await queriesOf(`/journey?step=${account.m["Sign contract"]}`, customer)).toBe(2);
  });

  it("the account page runs 2: the session check and one statement, timeline, owners and answers included", async () => {
    expect(await queriesOf(`/csm/accounts/${account.accountId}`, csm)).toBe(2);
    expect(await queriesOf(`/csm/accounts/${account.accountId}?events=all`, csm)).toBe(2);
    // A vendor step's edit panel costs nothing more; a customer step's asks who a reminder would reach.
    expect(await queriesOf(`/csm/accounts/${account.accountId}?edit=${account.m.Kickoff}&events=all`, csm)).toBe(2);
    expect(
      await queriesOf(`/csm/accounts/${account.accountId}?edit=${account.m["Set up SSO"]}`, csm),
    ).toBeLessThanOrEqual(6);
  });

  it("the portfolio runs 3: the session check, its rows with each account's health in one statement, and the stage list", async () => {
    expect(await queriesOf("/csm", csm)).toBe(3);
    expect(await queriesOf("/csm?health=behind_or_stuck&sort=health&dir=desc&status=all", csm)).toBe(3);
  });

  it("a longer history costs no more queries", async () => {
    const before = await queriesOf(`/csm/accounts/${account.accountId}`, csm);
    for (let i = 0; i < 5; i++) {
      await server.post(`/csm/accounts/${account.accountId}`, note("Set up SSO"), { cookie: csm });
    }
    expect(await queriesOf(`/csm/accounts/${account.accountId}`, csm)).toBe(before);
  });
});

describe("finished stages are one line each", () => {
  /** Every <details> element's markup, nested ones closed at their own end tag. */
  const detailsOf = (html: string) => {
    const found: string[] = [];
    const open: number[] = [];
    for (const tag of html.matchAll(/<details\b[^>]*>|<\/details>/g)) {
      const at = tag.index ?? 0;
      if (tag[0].startsWith("</")) {
        const start = open.pop();
        if (start !== undefined) found.push(html.slice(start, at + tag[0].length));
      } else open.push(at);
    }
    return found.reverse();
  };

  it("the customer's page shows a finished stage as its name, when it finished and its steps, and no steps", async () => {
    const res = await server.get("/journey", customer);
    const html = await res.text();
    const start = html.indexOf('<section id="stage-1"');
    expect(start).toBeGreaterThan(-1);
    const finished = html.slice(start, html.indexOf("</section>", start));
    const text = finished.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ");
    expect(text).toContain("Purchase");
    expect(text).toMatch(/3 steps/);
    expect(text).toMatch(/Done on/);
    // Its steps open by a link (`?stage=1`), not hidden markup: none is rendered here.
    expect(finished).toContain('href="/journey?stage=1#stage-1"');
    expect(finished).not.toContain("Sign contract");
    expect(finished).not.toContain("Sign contract guide");
    // The current stage comes first and in full.
    expect(html.indexOf("Onboarding")).toBeGreaterThan(-1);
    expect(html).toContain("Set up SSO, described.");
    expect(html).toContain("Mark &quot;Set up SSO&quot; as done");
    expect(html.indexOf('id="stage-2"')).toBeLessThan(html.indexOf('id="stage-1"'));
  });

  it("the account page collapses a finished stage too, and its steps keep the staff's links to edit them", async () => {
    const html = await (await server.get(`/csm/accounts/${account.accountId}`, csm)).text();
    const finished = detailsOf(html).find((d) => d.includes("Purchase"));
    expect(finished).toBeDefined();
    expect(finished).not.toMatch(/<details[^>]*\bopen\b/);
    expect(finished).toContain("Reopen &quot;Sign contract&quot;");
    expect(finished).toContain(`?edit=${account.m["Sign contract"]}#milestone-`);
  });
});

describe("what a folded stage does not need is not sent", () => {
  it("stages finished before today go without descriptions and guides; today's and the current keep them", async () => {
    const customerActor = { id: account.contacts[0].id, role: "customer" as const, accountId: account.accountId };
    const sameDay = await getJourney(db(), customerActor, account.accountId, new Date());
    const purchaseToday = withFinishedStagesBrief(sameDay!).stages[0];
    expect(purchaseToday.state).toBe("done");
    expect(purchaseToday.milestones[0].description).toBe("Sign contract, described.");

    const later = await getJourney(db(), customerActor, account.accountId, new Date(Date.now() + 2 * 86_400_000));
    const [purchase, onboarding] = withFinishedStagesBrief(later!).stages;
    expect(purchase.milestones.map((m) => [m.title, m.description, m.resources])).toEqual([
      ["Sign contract", "", []],
      ["Sales handoff", "", []],
      ["Optional intro", "", []],
    ]);
    expect(onboarding.state).toBe("current");
    expect(onboarding.milestones[0].description).toBe("Kickoff, described.");
    expect(onboarding.milestones[0].resources).toHaveLength(1);
  });
});
