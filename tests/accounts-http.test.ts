// The account pages over HTTP: a new account with contacts from the form, bad
// input refused with a 400 and a message and nothing written, pausing and
// archiving (confirmed) from the settings page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let csmId: string;
let csmCookie: string;
let playbookId: string;

beforeAll(async () => {
  server = await startTestServer();
  const csm = await makeStaff();
  csmId = csm.id;
  csmCookie = await sessionCookie(csm.id);
  playbookId = await makePlaybook();
});

afterAll(async () => server?.close());

const accountsNamed = (name: string) => db().selectFrom("accounts").select(["id"]).where("name", "=", name).execute();

describe("/csm/accounts/new", () => {
  it("creates the account with two contacts and invites the one chosen", async () => {
    const form = {
      name: "Form Co",
      domain: "form.example",
      timezone: "Europe/Paris",
      csmId,
      segment: "SMB",
      startedOn: "2026-04-01",
      playbookId,
      contact1Name: "Fay Form",
      contact1Email: "fay@form.test",
      contact1Invite: "on",
      contact2Name: "Gus Form",
      contact2Email: "gus@form.test",
      contact3Name: "",
      contact3Email: "",
    };
    const res = await server.post("/csm/accounts/new", form, { cookie: csmCookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Created Form Co and started its journey. Invited: fay@form.test.");
    const [account] = await accountsNamed("Form Co");
    const people = await db()
      .selectFrom("users")
      .select(["email", "invited_at"])
      .where("account_id", "=", account!.id)
      .orderBy("email")
      .execute();
    expect(people.map((p) => [p.email, !!p.invited_at])).toEqual([
      ["fay@form.test", true],
      ["gus@form.test", false],
    ]);
  });

  it.each([
    [{ timezone: "Nowhere/Else" }, "Choose a timezone from the list."],
    [{ startedOn: "next week" }, "Enter the start date as a date."],
    [{ contact1Email: "not-an-email" }, "Enter a valid email address."],
    [{ contact1Email: "" }, "Enter a valid email address."],
    [{ domain: "https://bad.example/" }, "Enter the domain like example.com"],
    [{ name: "" }, "Enter the account&#x27;s name."],
  ])("answers %o with a 400 and a message, and writes nothing", async (override, message) => {
    const form = {
      name: "Refused Co",
      timezone: "UTC",
      csmId,
      startedOn: "2026-04-01",
      playbookId,
      contact1Name: "Hal Refused",
      contact1Email: "hal@refused.test",
      ...override,
    };
    const res = await server.post("/csm/accounts/new", form, { cookie: csmCookie });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
    expect(await accountsNamed("Refused Co")).toEqual([]);
    expect(await db().selectFrom("users").select("id").where("email", "=", "hal@refused.test").execute()).toEqual([]);
  });
});

describe("/csm/accounts/:id/settings", () => {
  it("pauses and resumes; archiving needs the confirmation box", async () => {
    const acct = await makeAccount({ csmId, playbookId });
    const path = `/csm/accounts/${acct.accountId}/settings`;
    const status = async () =>
      db()
        .selectFrom("accounts")
        .select(["status", "archived_at"])
        .where("id", "=", acct.accountId)
        .executeTakeFirstOrThrow();

    expect((await server.post(path, { intent: "status", status: "paused" }, { cookie: csmCookie })).status).toBe(200);
    expect((await status()).status).toBe("paused");
    const again = await server.post(path, { intent: "status", status: "paused" }, { cookie: csmCookie });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("The account is already paused.");
    expect((await server.post(path, { intent: "status", status: "gone" }, { cookie: csmCookie })).status).toBe(400);
    expect((await server.post(path, { intent: "status", status: "active" }, { cookie: csmCookie })).status).toBe(200);
    expect((await status()).status).toBe("active");

    const unconfirmed = await server.post(path, { intent: "archive" }, { cookie: csmCookie });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box to confirm");
    expect((await status()).archived_at).toBeNull();
    expect((await server.post(path, { intent: "archive", confirm: "on" }, { cookie: csmCookie })).status).toBe(200);
    expect((await status()).archived_at).not.toBeNull();
    // A CSM cannot restore it.
    const restore = await server.post(path, { intent: "restore" }, { cookie: csmCookie });
    expect(restore.status).toBe(403);
    expect((await status()).archived_at).not.toBeNull();
  });
});
