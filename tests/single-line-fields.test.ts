// Names and other one-line fields refuse control characters (a line break in a
// name used to reach email subjects), and subjects rendered from rows stored
// before that rule have them stripped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailContext } from "~/modules/email/email-context.server";
import { renderOutboxEmail } from "~/modules/email/render-email.server";
import { parseEnv } from "~/utils/env.server";
import { sampleStagePayload } from "./email-fixtures";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let admin: { id: string; cookie: string };
let csm: { id: string; cookie: string };
let account: TestAccount;

beforeAll(async () => {
  server = await startTestServer();
  const a = await makeStaff({ role: "admin" });
  const c = await makeStaff();
  admin = { id: a.id, cookie: await sessionCookie(a.id) };
  csm = { id: c.id, cookie: await sessionCookie(c.id) };
  account = await makeAccount({ csmId: c.id, playbookId: await makePlaybook() });
});
afterAll(async () => {
  await server?.close();
});

/** Every kind the rule names: C0 (CR, LF, TAB, NUL, ESC), DEL, C1 (NEL, CSI) and the Unicode line and paragraph separators. */
const BAD_NAMES: [string, string][] = [
  ["CRLF", "Eve Evil\r\nBcc: victim@evil.example"],
  ["LF", "Eve\nEvil"],
  ["CR", "Eve\rEvil"],
  ["TAB", "Eve\tEvil"],
  ["NUL", "Eve\0Evil"],
  ["ESC", "Eve\u001bEvil"],
  ["DEL", "Eve\u007fEvil"],
  ["NEL (C1)", "Eve\u0085Evil"],
  ["CSI (C1)", "Eve\u009bEvil"],
  ["line separator", "Eve\u2028Evil"],
  ["paragraph separator", "Eve\u2029Evil"],
];

const users = async (email: string) =>
  (await db().selectFrom("users").select("id").where("email", "=", email).execute()).length;

describe("single-line fields refuse control characters", () => {
  const forms = [
    {
      form: "inviting staff",
      path: () => "/admin/team",
      who: () => admin.cookie,
      body: (name: string, email: string) => ({ intent: "invite", name, email, role: "csm" }),
    },
    {
      form: "inviting a contact",
      path: () => `/csm/accounts/${account.accountId}/contacts`,
      who: () => csm.cookie,
      body: (name: string, email: string) => ({ intent: "invite", name, email }),
    },
  ];

  for (const f of forms) {
    it(`${f.form}: a name with any control character answers 400 with a message at the name`, async () => {
      for (const [label, name] of BAD_NAMES) {
        const email = `ctl.${Math.random().toString(36).slice(2)}@example.test`;
        const res = await server.post(`${f.path()}.data`, f.body(name, email), { cookie: f.who() });
        expect(res.status, label).toBe(400);
        expect(await res.text(), label).toContain("a name on one line, without special characters");
        expect(await users(email), label).toBe(0);
      }
      // An address with a line break in it is refused as well.
      const res = await server.post(`${f.path()}.data`, f.body("Eve", "eve@example.test\r\nBcc: victim@evil.example"), {
        cookie: f.who(),
      });
      expect(res.status).toBe(400);
    });

    it(`${f.form}: names with accents, apostrophes and other scripts still work`, async () => {
      for (const name of ["Zoë O'Brien-Smith", "José Núñez", "李小龍", "Anne  Marie"]) {
        const email = `ok.${Math.random().toString(36).slice(2)}@example.test`;
        const res = await server.post(`${f.path()}.data`, f.body(name, email), { cookie: f.who() });
        expect(res.status, name).toBe(200);
        expect(await users(email), name).toBe(1);
      }
    });
  }
});

describe("email subjects built from rows stored before the rule", () => {
  const rowOf = (id: string) =>
    db()
      .selectFrom("email_outbox as o")
      .innerJoin("users as u", "u.id", "o.recipient_user_id")
      .selectAll("o")
      .select(["u.name as recipient_name", "u.role as recipient_role"])
      .where("o.id", "=", id)
      .executeTakeFirstOrThrow();
  const ctx = () => emailContext(db(), parseEnv({ APP_URL: "http://portal.test" }));
  const NO_BREAKS = /[\p{Cc}\u2028\u2029]/u;

  it("an invitation from a staff name holding CRLF has a one-line subject", async () => {
    const eve = await makeStaff({ name: "Eve Evil\r\nBcc: victim@evil.example\u2028x\u0085y\tz" });
    await db().updateTable("accounts").set({ csm_id: eve.id }).where("id", "=", account.accountId).execute();
    const email = `invitee.${Math.random().toString(36).slice(2)}@example.test`;
    const res = await server.post(
      `/csm/accounts/${account.accountId}/contacts.data`,
      { intent: "invite", name: "Ivy Invitee", email },
      { cookie: await sessionCookie(eve.id) },
    );
    await db().updateTable("accounts").set({ csm_id: csm.id }).where("id", "=", account.accountId).execute();
    expect(res.status).toBe(200);
    const row = await db()
      .selectFrom("email_outbox")
      .select("id")
      .where("to_email", "=", email)
      .executeTakeFirstOrThrow();
    const rendered = await renderOutboxEmail(await rowOf(row.id), await ctx());
    expect(rendered.subject).not.toMatch(NO_BREAKS);
    expect(rendered.subject).toContain("Eve Evil Bcc: victim@evil.example x y z invited you");
  });

  it("a stage email about an account whose name holds a line break has a one-line subject", async () => {
    const payload = { ...sampleStagePayload(account), accountName: "Acme\r\nBcc: victim@evil.example" };
    const row = await db()
      .insertInto("email_outbox")
      .values({
        dedupe_key: `ctl-${Math.random()}`,
        kind: "stage_entered_csm",
        recipient_user_id: csm.id,
        to_email: "csm@example.test",
        account_id: account.accountId,
        payload: JSON.stringify(payload),
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rendered = await renderOutboxEmail(await rowOf(row.id), await ctx());
    expect(rendered.subject).toBe("Acme Bcc: victim@evil.example moved to Onboarding");
  });
});
