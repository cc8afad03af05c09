// Issue 12 §5 over HTTP: "Remind the customer" is a form on the account page's edit panel
// (ADR 032, 038). The panel says who gets it and when; a press answers when it goes out, a
// second press queues nothing, a refusal is a 400 with its reason, and only the account's CSM
// and admins may press it (route x role).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayIn } from "~/utils/dates";
import { db, makeAccount, makePlaybook, makeStaff, roleCookies, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let a: TestAccount;
let b: TestAccount;
let ownerName: string;
const cookies: Record<string, string> = {};

const queued = async () =>
  Number(
    (
      await db()
        .selectFrom("email_outbox")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("recipient_user_id", "=", a.contacts[0].id)
        .where("kind", "=", "nudge_digest")
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  server = await startTestServer();
  const csm = await makeStaff({ name: "Casey Http Remind" });
  const playbookId = await makePlaybook();
  const today = todayIn("UTC", new Date());
  a = await makeAccount({ csmId: csm.id, playbookId, startedOn: addDays(today, -30), now: new Date() });
  b = await makeAccount({ csmId: (await makeStaff()).id, playbookId, startedOn: addDays(today, -30) });
  // Overdue by five days; a's first contact owns it.
  for (const acct of [a, b]) {
    await db()
      .updateTable("journey_milestones")
      .set({ due_on: addDays(today, -5) })
      .where("id", "=", acct.m["Sign contract"])
      .execute();
  }
  ownerName = a.contacts[0].name;
  Object.assign(cookies, await roleCookies(a, b, csm.id));
}, 120_000);

afterAll(async () => {
  await server?.close();
});

const remind = (milestoneId: string) => ({ intent: "remind", milestoneId });
const page = () => `/csm/accounts/${a.accountId}`;

describe("on the account page", () => {
  it("the edit panel of an overdue customer step says who gets the reminder and when; a viewer has no button", async () => {
    const html = await (await server.get(`${page()}?edit=${a.m["Sign contract"]}`, cookies.csm)).text();
    expect(html).toContain("Remind the customer</button>");
    expect(html).toMatch(new RegExp(`It goes to ${ownerName} (now|at [^<]+), under the reminders`));
    const vendorStep = await (await server.get(`${page()}?edit=${a.m["Sales handoff"]}`, cookies.csm)).text();
    expect(vendorStep).not.toContain("Remind the customer");
    const viewer = await (await server.get(`${page()}?edit=${a.m["Sign contract"]}`, cookies.viewer)).text();
    expect(viewer).not.toContain("Remind the customer");
  });

  it("refuses bad input and a step the rules exclude with a 400 and a reason, queueing nothing", async () => {
    const bad = await server.post(page(), remind("not-a-step"), { cookie: cookies.csm });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("That step id is not valid.");
    const vendor = await server.post(page(), remind(a.m["Sales handoff"]), { cookie: cookies.csm });
    expect(vendor.status).toBe(400);
    expect(await vendor.text()).toContain("Our team owns this step");
    const later = await server.post(page(), remind(a.m["Set up SSO"]), { cookie: cookies.csm });
    expect(later.status).toBe(400);
    expect(await queued()).toBe(0);
  });

  it("another account's step is a 404 on this account's page", async () => {
    const res = await server.post(page(), remind(b.m["Sign contract"]), { cookie: cookies.csm });
    expect(res.status).toBe(404);
  });

  it("a cross-site post is refused before it reaches the page", async () => {
    const res = await server.post(page(), remind(a.m["Sign contract"]), {
      cookie: cookies.csm,
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect(await queued()).toBe(0);
  });
});

describe("who may press it, as a table (route x role)", () => {
  // In this order: refusals first, then the CSM's press queues it, and the admin's second press answers
  // with the one already queued.
  const TABLE: [string, number, number][] = [
    ["anonymous", 302, 0],
    ["ana", 404, 0],
    ["stranger", 404, 0],
    ["otherCsm", 404, 0],
    ["viewer", 403, 0],
    ["csm", 200, 1],
    ["admin", 200, 0],
  ];
  it.each(TABLE)("as %s answers %i and queues %i email(s)", async (who, status, more) => {
    const before = await queued();
    const res = await server.post(page(), remind(a.m["Sign contract"]), { cookie: cookies[who] });
    expect(res.status).toBe(status);
    expect(await queued()).toBe(before + more);
    if (who === "csm") expect(await res.text()).toMatch(new RegExp(`The reminder goes to ${ownerName} (now|at .+)\\.`));
    if (who === "admin") expect(await res.text()).toContain(`A reminder to ${ownerName} is already queued`);
  });

  it("the timeline says who asked for it, and the panel says it is queued", async () => {
    const html = await (await server.get(`${page()}?edit=${a.m["Sign contract"]}`, cookies.csm)).text();
    expect(html).toContain(`Casey Http Remind asked for a reminder to ${ownerName} about &quot;Sign contract&quot;`);
    expect(html).toContain(`A reminder to ${ownerName} is queued: it goes`);
  });
});
