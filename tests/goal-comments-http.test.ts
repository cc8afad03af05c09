// Customers comment on goals over HTTP (issue 12 §2, ADR 038): on /journey and on the staff's goals
// page, through the same-origin check. Bad input is a 400 with a message and saves nothing;
// another account's goal is a 404; a viewer's post a 403; the route x role table for both pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGoal } from "~/modules/goals/save-goal.server";
import { db, makeAccount, makePlaybook, makeStaff, roleCookies, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let a: TestAccount;
let b: TestAccount;
let goalA: string;
let goalB: string;
const cookies: Record<string, string> = {};

const commentCount = async () =>
  Number(
    (
      await db()
        .selectFrom("milestone_comments")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("goal_id", "is not", null)
        .executeTakeFirstOrThrow()
    ).n,
  );

const GOAL = { measure: "5 days to 1", targetOn: "2027-06-30", status: "on_track" as const, result: null };

beforeAll(async () => {
  server = await startTestServer();
  const csm = await makeStaff({ name: "Casey Goal Http" });
  const otherCsm = await makeStaff();
  const playbookId = await makePlaybook();
  a = await makeAccount({ csmId: csm.id, playbookId });
  b = await makeAccount({ csmId: otherCsm.id, playbookId });
  const now = new Date();
  goalA = (
    await createGoal(
      db(),
      { id: csm.id, role: "csm", accountId: null },
      { accountId: a.accountId, title: "Faster close", ...GOAL },
      now,
    )
  ).goalId;
  goalB = (
    await createGoal(
      db(),
      { id: otherCsm.id, role: "csm", accountId: null },
      { accountId: b.accountId, title: "Other goal", ...GOAL },
      now,
    )
  ).goalId;
  Object.assign(cookies, await roleCookies(a, b, csm.id));
}, 120_000);

afterAll(async () => {
  await server?.close();
});

const comment = (goalId: string, body: string) => ({ intent: "goal_comment", goalId, body });
const goalsPage = () => `/csm/accounts/${a.accountId}/goals`;

describe("on /journey", () => {
  it("a customer's comment on a goal is saved and shows under the goal at the top of the page", async () => {
    const res = await server.post("/journey", comment(goalA, "We closed in <b>3</b> days"), { cookie: cookies.ana });
    expect(res.status).toBe(200);
    const html = await (await server.get("/journey", cookies.ana)).text();
    expect(html).toContain("We closed in &lt;b&gt;3&lt;/b&gt; days");
    expect(html).toContain(`id="comments-${goalA}"`);
    expect(html).toMatch(/Add a comment on “(<!-- -->)?Faster close/);
  });

  it("refuses an empty, too long or unreadable comment with a 400 and a message, saving nothing", async () => {
    const before = await commentCount();
    const empty = await server.post("/journey", comment(goalA, "  "), { cookie: cookies.ana });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write a comment.");
    const long = await server.post("/journey", comment(goalA, "x".repeat(2001)), { cookie: cookies.ana });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("Keep the comment under 2000 characters.");
    const badId = await server.post("/journey", comment("not-a-goal", "hello"), { cookie: cookies.ana });
    expect(badId.status).toBe(400);
    expect(await badId.text()).toContain("That goal id is not valid.");
    expect(await commentCount()).toBe(before);
  });

  it("another account's goal is a 404, and nothing of it shows", async () => {
    const before = await commentCount();
    const res = await server.post("/journey", comment(goalA, "let me in"), { cookie: cookies.stranger });
    expect(res.status).toBe(404);
    expect(await commentCount()).toBe(before);
    const own = await (await server.get("/journey", cookies.stranger)).text();
    expect(own).not.toContain("We closed in");
    expect(own).not.toContain("Faster close");
  });
});

describe("on the goals page", () => {
  it("the CSM reads the customer's comment and answers; the customer reads the answer", async () => {
    expect(await (await server.get(goalsPage(), cookies.csm)).text()).toContain(
      "We closed in &lt;b&gt;3&lt;/b&gt; days",
    );
    const res = await server.post(goalsPage(), comment(goalA, "Well done, team"), { cookie: cookies.csm });
    expect(res.status).toBe(200);
    expect(await (await server.get("/journey", cookies.ana)).text()).toContain("Well done, team");
    const account = await (await server.get(`/csm/accounts/${a.accountId}`, cookies.csm)).text();
    expect(account).toContain("commented on the goal &quot;Faster close&quot;");
  });

  it("another account's goal is a 404 on this account's goals page, and bad input a 400", async () => {
    const before = await commentCount();
    expect((await server.post(goalsPage(), comment(goalB, "wrong account"), { cookie: cookies.admin })).status).toBe(
      404,
    );
    expect((await server.post(goalsPage(), comment(goalA, ""), { cookie: cookies.csm })).status).toBe(400);
    expect(await commentCount()).toBe(before);
  });

  it("a viewer reads the comments, has no form, and a post is refused with 403", async () => {
    const html = await (await server.get(goalsPage(), cookies.viewer)).text();
    expect(html).toContain("Well done, team");
    expect(html).not.toContain("Post comment");
  });
});

describe("who may comment on a goal, as a table (route x role)", () => {
  const ON_JOURNEY: [string, number][] = [
    ["anonymous", 302],
    ["ana", 200],
    ["stranger", 404],
    ["csm", 302],
    ["admin", 302],
    ["viewer", 302],
  ];
  const ON_GOALS_PAGE: [string, number][] = [
    ["anonymous", 302],
    ["ana", 404],
    ["stranger", 404],
    ["csm", 200],
    ["otherCsm", 404],
    ["admin", 200],
    ["viewer", 403],
  ];
  it.each(ON_JOURNEY)("/journey as %s answers %i, and only a 200 saves", async (who, status) => {
    const before = await commentCount();
    const res = await server.post("/journey", comment(goalA, `from ${who}`), { cookie: cookies[who] });
    expect(res.status).toBe(status);
    expect(await commentCount()).toBe(before + (status === 200 ? 1 : 0));
  });
  it.each(ON_GOALS_PAGE)("the goals page as %s answers %i, and only a 200 saves", async (who, status) => {
    const before = await commentCount();
    const res = await server.post(goalsPage(), comment(goalA, `from ${who}`), { cookie: cookies[who] });
    expect(res.status).toBe(status);
    expect(await commentCount()).toBe(before + (status === 200 ? 1 : 0));
  });
});
