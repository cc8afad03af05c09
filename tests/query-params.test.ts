// Every query parameter of every page, checked by that page's schema: a bad
// value answers 400 with a message that says what is wrong, never a 500, and
// the values the pages themselves link to keep working.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let admin: string;
let csm: string;
let customer: string;
let step: string;
let accountId: string;
let otherStep: string;

beforeAll(async () => {
  server = await startTestServer();
  const a = await makeStaff({ role: "admin" });
  const c = await makeStaff();
  const account = await makeAccount({ csmId: c.id, playbookId: await makePlaybook() });
  admin = await sessionCookie(a.id);
  csm = await sessionCookie(c.id);
  customer = await sessionCookie(account.contacts[0].id);
  step = account.m["Set up SSO"];
  accountId = account.accountId;
  otherStep = (await makeAccount({ csmId: c.id, playbookId: await makePlaybook() })).m["Set up SSO"];
});
afterAll(async () => {
  await server?.close();
});

interface Page {
  path: string;
  /** The test's name where the path is known only once the data is made. */
  name?: string;
  who: () => string | undefined;
  /** Query strings that must answer 400, each with a word the message must contain. */
  bad: [query: string, says: string][];
  good: string[];
  /** Query strings that answer 404. */
  missing?: string[];
}

const PAGES: Page[] = [
  {
    path: "/admin/audit",
    who: () => admin,
    bad: [
      ["from=0000-01-01", "yyyy-mm-dd"],
      ["from=2024-02-30", "yyyy-mm-dd"],
      ["to=0000-01-01", "yyyy-mm-dd"],
      ["to=2024-02-30", "yyyy-mm-dd"],
      ["from=2023-02-29", "yyyy-mm-dd"],
      ["from=2024-13-01", "yyyy-mm-dd"],
      ["from=10000-01-01", "yyyy-mm-dd"],
      ["from=01/02/2024", "yyyy-mm-dd"],
      ["from=2024-1-1", "yyyy-mm-dd"],
      ["from=2024-01-01T00:00", "yyyy-mm-dd"],
      ["from=2024-03-01&to=2024-02-01", "after"],
      ["kind=nope", "kind"],
      ["before=0", "page"],
      ["before=-5", "page"],
      ["before=1.5", "page"],
      ["before=abc", "page"],
      ["before=99999999999999999999", "page"],
      ["person=a%00b", "person"],
      [`person=${"x".repeat(400)}`, "person"],
      ["from=2024-01-01&from=2024-01-02", "twice"],
    ],
    good: [
      "",
      "from=2024-02-29&to=2024-03-01",
      "from=1900-01-01&to=9999-12-31",
      "kind=sign_in&person=a&from=2026-01-01&to=2030-01-01",
      "kind=&person=&from=&to=",
      "before=12",
      "unrelated=1",
    ],
  },
  {
    path: "/csm",
    who: () => csm,
    bad: [
      ["sort=nope", "sort"],
      ["dir=up", "order"],
      ["health=needs_attention", "health"],
      ["stage=a%00b", "stage"],
      [`stage=${"s".repeat(200)}`, "stage"],
      ["sort=name&sort=stage", "twice"],
    ],
    good: [
      "",
      "sort=overdue&dir=desc",
      "stage=Onboarding&health=behind",
      "stage=&health=",
      "sort=health&dir=desc&health=behind_or_stuck",
    ],
  },
  {
    path: "/journey",
    who: () => customer,
    bad: [
      ["stage=two", "stage"],
      ["stage=0", "stage"],
      ["stage=-1", "stage"],
      ["stage=1.5", "stage"],
      ["stage=99999", "stage"],
      ["step=42", "step"],
      ["stage=1&stage=2", "twice"],
    ],
    // A stage or step the journey does not have opens nothing; the page still answers.
    get good() {
      return ["", "stage=2", "stage=999", `step=${step}`, "step=6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f", "stage="];
    },
  },
  {
    name: "/csm/accounts/:id",
    get path() {
      return `/csm/accounts/${accountId}`;
    },
    who: () => csm,
    bad: [
      ["edit=42", "step"],
      ["edit=sign-contract", "step"],
      ["events=some", "events"],
      ["events=ALL", "events"],
      ["edit=6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f&edit=6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f", "twice"],
    ],
    get good() {
      return ["", `edit=${step}`, "events=all", `edit=${step}&events=all`, "edit=&events=", "unrelated=1"];
    },
    // A step of another account, or of none, is not found.
    get missing() {
      return [`edit=${otherStep}`, "edit=6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f"];
    },
  },
  {
    path: "/csm/outbox",
    who: () => csm,
    bad: [
      ["status=nope", "status"],
      ["before=yesterday&beforeId=6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f", "time"],
      ["before=2024-02-30T10:00:00Z&beforeId=6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f", "time"],
      ["before=0000-01-01T00:00:00Z&beforeId=6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f", "time"],
      ["before=2026-01-01T00:00:00Z&beforeId=42", "page"],
      ["before=2026-01-01T00:00:00Z", "page"],
      ["beforeId=6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f", "page"],
    ],
    good: [
      "",
      "status=queued",
      "status=sent&before=2026-01-01T00:00:00.000Z&beforeId=6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f",
    ],
  },
  // Pages whose one parameter is a token from an email: a malformed one is a 400 page.
  {
    path: "/login/link",
    who: () => undefined,
    bad: [
      ["token=short", "expired"],
      ["", "expired"],
    ],
    good: [],
  },
  {
    path: "/invitations/accept",
    who: () => undefined,
    bad: [
      ["token=short", "invitation"],
      ["", "invitation"],
    ],
    good: [],
  },
  {
    path: "/email/done",
    who: () => undefined,
    bad: [
      ["token=a.b", "not valid"],
      ["", "not valid"],
    ],
    good: [],
  },
  {
    path: "/email/unsubscribe",
    who: () => undefined,
    bad: [
      ["token=a.b", "not valid"],
      ["", "not valid"],
    ],
    good: [],
  },
];

describe("query parameters", () => {
  for (const page of PAGES) {
    it(`${page.name ?? page.path}: each bad value answers 400 with a message; good ones still work`, async () => {
      for (const [query, says] of page.bad) {
        const res = await server.get(`${page.path}?${query}`, page.who());
        expect(res.status, `${page.path}?${query}`).toBe(400);
        const html = await res.text();
        expect(html.toLowerCase(), `${page.path}?${query}`).toContain(says);
        // The same check answers a client-side navigation's data request.
        if (page.who()) {
          const data = await server.get(`${page.path}.data?${query}`, page.who());
          expect(data.status, `${page.path}.data?${query}`).toBe(400);
        }
      }
      for (const query of page.good) {
        const res = await server.get(`${page.path}?${query}`, page.who());
        expect(res.status, `${page.path}?${query}`).toBe(200);
      }
      for (const query of page.missing ?? []) {
        const res = await server.get(`${page.path}?${query}`, page.who());
        expect(res.status, `${page.path}?${query}`).toBe(404);
      }
    });
  }

  it("the error page shows the message itself, not only in its data", async () => {
    const res = await server.get("/admin/audit?from=2024-02-30", admin);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(">Something in the address is not right<");
    expect(html).toContain(">The start date must be a real date written YYYY-MM-DD, such as 2026-12-01.<");
  });

  it("a one-day range finds the events of that day", async () => {
    await db()
      .insertInto("audit_events")
      .values({ kind: "sign_in", at: new Date("2026-05-01T10:00:00Z"), detail: JSON.stringify({}) })
      .execute();
    const res = await server.get("/admin/audit?from=2026-05-01&to=2026-05-01", admin);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Signed in");
  });
});
