// "Mark as done" links act for the milestone's owner, whatever their role, and
// only for them; signed links whose ids are not UUIDs answer 400, never 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailContext } from "~/modules/email/email-context.server";
import { renderOutboxEmail } from "~/modules/email/render-email.server";
import { runNudgeSweep } from "~/modules/email/run-nudge-sweep.server";
import { signLink } from "~/modules/email/signed-links.server";
import { parseEnv } from "~/utils/env.server";
import { getSigningSecret } from "~/utils/signing-secret.server";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let secret: Buffer;
let playbookId: string;

beforeAll(async () => {
  server = await startTestServer();
  secret = await getSigningSecret(db());
  playbookId = await makePlaybook();
});
afterAll(async () => {
  await server?.close();
});

const doneToken = (u: string, m: string, expiresInS = 3600) =>
  signLink(secret, { p: "done", u, m, exp: Math.floor(Date.now() / 1000) + expiresInS });
const status = async (id: string) =>
  (
    await db()
      .selectFrom("journey_milestones")
      .select(["status", "completed_by"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).completed_by;
const own = (milestoneId: string, userId: string | null, side: "customer" | "vendor") =>
  db()
    .updateTable("journey_milestones")
    .set({ owner_user_id: userId, owner_side: side })
    .where("id", "=", milestoneId)
    .execute();

async function scenario() {
  const csm = await makeStaff();
  const a = await makeAccount({ csmId: csm.id, playbookId });
  return { csm, a };
}

describe("mark as done: every kind of owner", () => {
  const owners = [
    {
      kind: "a customer contact",
      setup: async ({ a }: Awaited<ReturnType<typeof scenario>>) => {
        await own(a.m["Sign contract"], a.contacts[1].id, "customer");
        return { userId: a.contacts[1].id, milestoneId: a.m["Sign contract"] };
      },
    },
    {
      kind: "the account's CSM (named owner)",
      setup: async ({ a, csm }: Awaited<ReturnType<typeof scenario>>) => {
        await own(a.m["Sales handoff"], csm.id, "vendor");
        return { userId: csm.id, milestoneId: a.m["Sales handoff"] };
      },
    },
    {
      kind: "the account's CSM (a vendor step with no named owner)",
      setup: async ({ a, csm }: Awaited<ReturnType<typeof scenario>>) => {
        await own(a.m["Sales handoff"], null, "vendor");
        return { userId: csm.id, milestoneId: a.m["Sales handoff"] };
      },
    },
    {
      kind: "another vendor staff member who is not the account's CSM",
      setup: async ({ a }: Awaited<ReturnType<typeof scenario>>) => {
        const tom = await makeStaff({ name: "Tom Support", fn: "support" });
        await own(a.m["Kickoff"], tom.id, "vendor");
        return { userId: tom.id, milestoneId: a.m["Kickoff"] };
      },
    },
    {
      kind: "an admin",
      setup: async ({ a }: Awaited<ReturnType<typeof scenario>>) => {
        const admin = await makeStaff({ role: "admin" });
        await own(a.m["Kickoff"], admin.id, "vendor");
        return { userId: admin.id, milestoneId: a.m["Kickoff"] };
      },
    },
  ];

  for (const owner of owners) {
    it(`${owner.kind} completes their step from a fresh link`, async () => {
      const { userId, milestoneId } = await owner.setup(await scenario());
      const token = doneToken(userId, milestoneId);
      const get = await server.get(`/email/done?token=${token}`);
      expect(get.status).toBe(200);
      expect(await get.text()).toContain("Mark this step as done?");
      const post = await server.post(`/email/done?token=${token}`, {});
      expect(post.status).toBe(200);
      expect(await post.text()).toContain("Done. Thank you!");
      expect(await status(milestoneId)).toBe(userId);
    });
  }

  it("someone who neither owns the step nor may see the account is refused, and not told it expired", async () => {
    const { a } = await scenario();
    const otherCsm = await makeStaff();
    const other = await makeAccount({ csmId: otherCsm.id, playbookId });
    const tom = await makeStaff({ fn: "support" });
    await own(a.m["Kickoff"], tom.id, "vendor");
    const refused = [
      doneToken(otherCsm.id, a.m["Kickoff"]), // another CSM, not the owner
      doneToken(other.contacts[0].id, a.m["Sign contract"]), // another account's contact
      doneToken(tom.id, a.m["Sales handoff"]), // an owner elsewhere on the account, not of this step
    ];
    for (const token of refused) {
      for (const res of [
        await server.get(`/email/done?token=${token}`),
        await server.post(`/email/done?token=${token}`, {}),
      ]) {
        expect(res.status).toBe(403);
        const html = await res.text();
        expect(html).not.toMatch(/expired/i);
        expect(html).toContain("not yours to mark done");
      }
    }
    expect(await status(a.m["Kickoff"])).toBeNull();
    expect(await status(a.m["Sign contract"])).toBeNull();
    expect(await status(a.m["Sales handoff"])).toBeNull();
  });

  it("only an expired link says it expired; a tampered one says it is not valid", async () => {
    const { a } = await scenario();
    const expired = doneToken(a.contacts[0].id, a.m["Sign contract"], -1);
    const res = await server.get(`/email/done?token=${expired}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("This link has expired");
    const tampered = `${doneToken(a.contacts[0].id, a.m["Sign contract"]).slice(0, -4)}AAAA`;
    const bad = await server.get(`/email/done?token=${tampered}`);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).not.toMatch(/expired/i);
    expect(html).toContain("This link is not valid");
  });

  it("a digest to a staff owner who is not the CSM links only to pages they can open", async () => {
    const { a } = await scenario();
    const tom = await makeStaff({ fn: "support" });
    await own(a.m["Kickoff"], tom.id, "vendor");
    await db()
      .updateTable("journey_milestones")
      .set({ due_on: "2027-01-01" })
      .where("journey_id", "=", a.journeyId)
      .execute();
    // Due today, swept now: the links it renders are fresh.
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    await db().updateTable("journey_milestones").set({ due_on: today }).where("id", "=", a.m["Kickoff"]).execute();
    // Kickoff sits in the second stage: finish the first so the journey reaches it.
    await db().updateTable("journeys").set({ current_stage_position: 2 }).where("id", "=", a.journeyId).execute();
    const queued = await runNudgeSweep(db(), now, {
      startHour: 0,
      endHour: 24,
      firstDay: 1,
      lastDay: 7,
      escalationDays: 5,
    });
    const q = queued.find((x) => x.toEmail === tom.email && x.kind === "nudge_digest");
    expect(q).toBeDefined();
    const row = await db()
      .selectFrom("email_outbox as o")
      .innerJoin("users as u", "u.id", "o.recipient_user_id")
      .selectAll("o")
      .select(["u.name as recipient_name", "u.role as recipient_role"])
      .where("o.id", "=", q!.outboxId)
      .executeTakeFirstOrThrow();
    const ctx = await emailContext(db(), parseEnv({ APP_URL: server.url }));
    const email = await renderOutboxEmail(row, ctx);
    const links = [...email.html.matchAll(/href="([^"]+)"/g)]
      .map((m) => m[1].replaceAll("&amp;", "&"))
      .filter((href) => href.startsWith(server.url) && !href.includes("/unsubscribe") && !href.includes("/settings"));
    expect(links.length).toBeGreaterThan(0);
    const cookie = await sessionCookie(tom.id);
    for (const href of links) {
      const res = await server.get(href.slice(server.url.length), cookie);
      expect(res.status, href).toBe(200);
    }
  });
});

describe("signed links whose ids are not UUIDs", () => {
  const notUuids = ["42", "not-a-uuid", "", "00000000-0000-0000-0000-00000000000g", "' or 1=1 --"];

  it("a done link answers 400 to GET and POST", async () => {
    const { a } = await scenario();
    for (const bad of notUuids) {
      for (const token of [doneToken(bad, a.m["Sign contract"]), doneToken(a.contacts[0].id, bad)]) {
        const get = await server.get(`/email/done?token=${token}`);
        expect(get.status, `GET u/m=${bad}`).toBe(400);
        const post = await server.post(`/email/done?token=${token}`, {});
        expect(post.status, `POST u/m=${bad}`).toBe(400);
      }
    }
    // Numbers and other JSON types are not ids either.
    const numeric = signLink(secret, { p: "done", u: 7 as unknown as string, m: a.m["Sign contract"], exp: 4e9 });
    expect((await server.get(`/email/done?token=${numeric}`)).status).toBe(400);
    expect(await status(a.m["Sign contract"])).toBeNull();
  });

  it("an unsubscribe link answers 400 to GET and POST", async () => {
    for (const bad of notUuids) {
      const token = signLink(secret, { p: "unsubscribe", u: bad, c: "nudges" });
      expect((await server.get(`/email/unsubscribe?token=${token}`)).status, `GET u=${bad}`).toBe(400);
      expect(
        (await server.post(`/email/unsubscribe?token=${token}`, {}, { origin: null })).status,
        `POST u=${bad}`,
      ).toBe(400);
    }
  });
});
