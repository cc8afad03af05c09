// Issue 12 §3 over HTTP: customers comment on /journey and staff on the account page, through
// the same-origin check; bad input is a 400 with a message, another account's step a 404, a
// viewer's post a 403, and nothing is half-saved. Notes stay internal; the page stays at few queries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUERY_COUNT_HEADER } from "~/utils/query-count.server";
import { db, makeAccount, makePlaybook, makeStaff, roleCookies, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

process.env.WAYPOINT_COUNT_QUERIES = "1";

let server: TestServer;
let a: TestAccount;
let b: TestAccount;
const cookies: Record<string, string> = {};

const commentCount = async () =>
  Number(
    (
      await db()
        .selectFrom("milestone_comments")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  server = await startTestServer();
  const csm = await makeStaff({ name: "Casey Http" });
  const playbookId = await makePlaybook();
  a = await makeAccount({
    csmId: csm.id,
    playbookId,
    now: new Date(),
    startedOn: new Date().toISOString().slice(0, 10),
  });
  b = await makeAccount({ csmId: (await makeStaff()).id, playbookId });
  Object.assign(cookies, await roleCookies(a, b, csm.id));
}, 120_000);

afterAll(async () => {
  await server?.close();
});

const comment = (milestoneId: string, body: string) => ({ intent: "comment", milestoneId, body });

describe("on the customer's page", () => {
  it("a customer's comment is saved and shows on the step's card, and the page stays at few queries", async () => {
    const res = await server.post("/journey", comment(a.m["Sign contract"], "Signed copy coming <b>today</b>"), {
      cookie: cookies.ana,
    });
    expect(res.status).toBe(200);
    const page = await server.get("/journey", cookies.ana);
    const html = await page.text();
    expect(html).toContain("Signed copy coming &lt;b&gt;today&lt;/b&gt;");
    expect(html).toContain(`id="comments-${a.m["Sign contract"]}"`);
    expect(Number(page.headers.get(QUERY_COUNT_HEADER))).toBeLessThanOrEqual(4);
  });

  it("refuses an empty or too long comment with a 400 and a message, saving nothing", async () => {
    const before = await commentCount();
    const empty = await server.post("/journey", comment(a.m["Sign contract"], "   "), { cookie: cookies.ana });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write a comment.");
    const long = await server.post("/journey", comment(a.m["Sign contract"], "x".repeat(2001)), {
      cookie: cookies.ana,
    });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("Keep the comment under 2000 characters.");
    expect(await commentCount()).toBe(before);
  });

  it("another account's step is a 404, and nothing of it shows", async () => {
    const before = await commentCount();
    const res = await server.post("/journey", comment(a.m["Sign contract"], "let me in"), {
      cookie: cookies.stranger,
    });
    expect(res.status).toBe(404);
    expect(await commentCount()).toBe(before);
    const own = await (await server.get("/journey", cookies.stranger)).text();
    expect(own).not.toContain("Signed copy coming");
  });

  it("a cross-site post is refused before it reaches the page", async () => {
    const before = await commentCount();
    const res = await server.post("/journey", comment(a.m["Sign contract"], "csrf"), {
      cookie: cookies.ana,
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect(await commentCount()).toBe(before);
  });
});

describe("on the account page", () => {
  it("the CSM reads the customer's comment and answers; the internal note never reaches the customer", async () => {
    const path = `/csm/accounts/${a.accountId}`;
    expect(await (await server.get(path, cookies.csm)).text()).toContain("Signed copy coming");
    const note = await server.post(
      path,
      { intent: "note", milestoneId: a.m["Sign contract"], note: "INTERNAL ONLY renewal risk" },
      { cookie: cookies.csm },
    );
    expect(note.status).toBe(200);
    const answer = await server.post(path, comment(a.m["Sign contract"], "Thanks, got it"), { cookie: cookies.csm });
    expect(answer.status).toBe(200);
    const staffPage = await (await server.get(path, cookies.csm)).text();
    expect(staffPage).toContain("commented on");
    const customerPage = await (await server.get("/journey", cookies.ana)).text();
    expect(customerPage).toContain("Thanks, got it");
    expect(customerPage).not.toContain("INTERNAL ONLY");
  });

  it("a milestone of another account is a 404 on this account's page", async () => {
    const before = await commentCount();
    const res = await server.post(`/csm/accounts/${a.accountId}`, comment(b.m["Sign contract"], "wrong account"), {
      cookie: cookies.csm,
    });
    expect(res.status).toBe(404);
    expect(await commentCount()).toBe(before);
  });

  it("a read-only viewer reads comments, has no form, and a post is refused with 403", async () => {
    const path = `/csm/accounts/${a.accountId}`;
    const html = await (await server.get(path, cookies.viewer)).text();
    expect(html).toContain("Thanks, got it");
    expect(html).not.toContain("Post comment");
    const before = await commentCount();
    const res = await server.post(path, comment(a.m["Sign contract"], "viewer"), { cookie: cookies.viewer });
    expect(res.status).toBe(403);
    expect(await commentCount()).toBe(before);
  });
});

describe("who may post a comment, as a table (route x role)", () => {
  // A comment is a form post on an existing page, so it answers like that page's other forms.
  const ON_JOURNEY: [string, number][] = [
    ["anonymous", 302],
    ["ana", 200],
    ["stranger", 404],
    ["csm", 302],
    ["admin", 302],
    ["viewer", 302],
  ];
  const ON_ACCOUNT_PAGE: [string, number][] = [
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
    const res = await server.post("/journey", comment(a.m["Sign contract"], `from ${who}`), { cookie: cookies[who] });
    expect(res.status).toBe(status);
    expect(await commentCount()).toBe(before + (status === 200 ? 1 : 0));
  });
  it.each(ON_ACCOUNT_PAGE)("the account page as %s answers %i, and only a 200 saves", async (who, status) => {
    const before = await commentCount();
    const res = await server.post(`/csm/accounts/${a.accountId}`, comment(a.m["Sign contract"], `from ${who}`), {
      cookie: cookies[who],
    });
    expect(res.status).toBe(status);
    expect(await commentCount()).toBe(before + (status === 200 ? 1 : 0));
  });
});
