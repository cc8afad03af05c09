// Accounts from creation to archive, with fixed clocks: created with journey and
// contacts in one transaction, settings, pause and resume (on-hold days, moved
// due dates), no emails to paused, churned, completed or archived accounts,
// the portfolio's status filter, and archiving that only an admin undoes.
import { describe, expect, it } from "vitest";
import { createAccount, type NewAccount } from "~/modules/account-lifecycle/create-account.server";
import {
  setAccountArchived,
  setAccountStatus,
  updateAccountDetails,
} from "~/modules/account-lifecycle/manage-account.server";
import { runNudgeSweep } from "~/modules/email/run-nudge-sweep.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import { getPortfolio } from "~/modules/portfolio/get-portfolio.server";
import type { PortfolioStatus } from "~/modules/portfolio/portfolio-query";
import type { NudgeRules } from "~/utils/env.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff } from "./factories";

const NOW = new Date("2026-03-02T10:00:00Z");
const days = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
let seq = 0;
const unique = (s: string) => `${s}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

async function staffActor(role: "admin" | "csm" = "csm") {
  const s = await makeStaff({ role });
  return { id: s.id, name: s.name, role, accountId: null };
}

async function newAccountInput(csmId: string, overrides: Partial<NewAccount> = {}): Promise<NewAccount> {
  return {
    name: unique("Acme"),
    domain: "acme.example",
    timezone: "Europe/Berlin",
    csmId,
    segment: "Enterprise",
    startedOn: "2026-03-02",
    playbookId: await makePlaybook(),
    contacts: [
      { name: "Ada Invited", email: `${unique("ada")}@acme.test`, invite: true },
      { name: "Bo Later", email: `${unique("bo")}@acme.test`, invite: false },
    ],
    ip: null,
    ...overrides,
  };
}

const outboxFor = (accountId: string) =>
  db().selectFrom("email_outbox").select(["kind", "to_email"]).where("account_id", "=", accountId).execute();

describe("creating an account", () => {
  it("creates the account, its journey from the playbook, its contacts, and invites only those chosen", async () => {
    const csm = await staffActor();
    const input = await newAccountInput(csm.id);
    const r = await createAccount(db(), csm, input, NOW);

    const account = await db()
      .selectFrom("accounts")
      .selectAll()
      .where("id", "=", r.accountId)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      name: input.name,
      domain: "acme.example",
      timezone: "Europe/Berlin",
      csm_id: csm.id,
      segment: "Enterprise",
      started_on: "2026-03-02",
      status: "active",
    });
    const milestones = await db()
      .selectFrom("journey_milestones")
      .select(["title", "due_on", "owner_user_id"])
      .where("journey_id", "=", r.journeyId)
      .execute();
    const due = Object.fromEntries(milestones.map((m) => [m.title, m.due_on]));
    expect(due["Sign contract"]).toBe("2026-03-02");
    expect(due["Set up SSO"]).toBe("2026-03-12");
    const contacts = await db()
      .selectFrom("users")
      .select(["id", "email", "invited_at", "role"])
      .where("account_id", "=", r.accountId)
      .orderBy("name")
      .execute();
    expect(contacts.map((c) => [c.email, c.role, c.invited_at !== null])).toEqual([
      [input.contacts[0]!.email, "customer", true],
      [input.contacts[1]!.email, "customer", false],
    ]);
    // The first contact owns the customer's milestones.
    expect(milestones.find((m) => m.title === "Sign contract")?.owner_user_id).toBe(contacts[0]!.id);
    expect(await outboxFor(r.accountId)).toEqual([{ kind: "invitation", to_email: input.contacts[0]!.email }]);
    const audit = await db().selectFrom("audit_events").select("kind").where("account_id", "=", r.accountId).execute();
    expect(audit.map((a) => a.kind)).toEqual(["invitation_sent"]);
    const timeline = await getTimeline(db(), csm, r.accountId);
    expect(timeline.map((e) => e.kind)).toContain("account_created");
  });

  it("writes nothing at all when any part is refused", async () => {
    const csm = await staffActor();
    const customer = (await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() })).contacts[0]!;
    const cases: [Partial<NewAccount>, string | undefined][] = [
      [{ playbookId: "00000000-0000-4000-8000-000000000000" }, "playbookId"],
      [{ csmId: customer.id }, "csmId"],
      [{ timezone: "Mars/Olympus" }, "timezone"],
      [{ startedOn: "2026-02-30" }, "startedOn"],
    ];
    for (const [override, field] of cases) {
      const input = await newAccountInput(csm.id, override);
      const err = await createAccount(db(), csm, input, NOW).catch((e) => e);
      expect(err, JSON.stringify(override)).toBeInstanceOf(InputError);
      expect(err.field).toBe(field);
      expect(await db().selectFrom("accounts").select("id").where("name", "=", input.name).execute()).toEqual([]);
      expect(
        await db().selectFrom("users").select("id").where("email", "=", input.contacts[0]!.email).execute(),
      ).toEqual([]);
    }
    const twice = await newAccountInput(csm.id);
    twice.contacts[1]!.email = twice.contacts[0]!.email.toUpperCase();
    await expect(createAccount(db(), csm, twice, NOW)).rejects.toThrow(/listed twice/);
  });

  it("is not for customers", async () => {
    const csm = await staffActor();
    const input = await newAccountInput(csm.id);
    const customer = { id: csm.id, name: "x", role: "customer" as const, accountId: null };
    await expect(createAccount(db(), customer, input, NOW)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("account settings", () => {
  it("renames, changes CSM and timezone, each recorded in the timeline", async () => {
    const csm = await staffActor();
    const other = await staffActor();
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    const r = await updateAccountDetails(
      db(),
      csm,
      { accountId: acct.accountId, name: "Renamed Co", csmId: other.id, timezone: "Asia/Tokyo" },
      NOW,
    );
    expect(r.changed).toEqual(["name", "CSM", "timezone"]);
    const a = await db().selectFrom("accounts").selectAll().where("id", "=", acct.accountId).executeTakeFirstOrThrow();
    expect([a.name, a.csm_id, a.timezone]).toEqual(["Renamed Co", other.id, "Asia/Tokyo"]);
    const kinds = (await getTimeline(db(), other, acct.accountId)).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(["account_renamed", "account_csm_changed", "account_timezone_changed"]),
    );
    // The former CSM no longer holds it.
    await expect(
      updateAccountDetails(db(), csm, { accountId: acct.accountId, name: "x", csmId: csm.id, timezone: "UTC" }, NOW),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses a CSM who is not active staff, and changes nothing", async () => {
    const csm = await staffActor();
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    const err = await updateAccountDetails(
      db(),
      csm,
      { accountId: acct.accountId, name: "New name", csmId: acct.contacts[0]!.id, timezone: "UTC" },
      NOW,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    const a = await db()
      .selectFrom("accounts")
      .select("name")
      .where("id", "=", acct.accountId)
      .executeTakeFirstOrThrow();
    expect(a.name).not.toBe("New name");
  });
});

describe("pausing", () => {
  it("on resume moves open due dates by the whole days paused and records them as on-hold time", async () => {
    const csm = await staffActor();
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), timezone: "America/New_York" });
    const customer = { id: acct.contacts[0]!.id, role: "customer" as const, accountId: acct.accountId };
    await completeMilestone(db(), customer, acct.m["Sign contract"]!, NOW);
    // Paused Tuesday 10 March at 10:00 New York, resumed Tuesday 17 March at 09:00: seven days.
    await setAccountStatus(
      db(),
      csm,
      { accountId: acct.accountId, status: "paused" },
      new Date("2026-03-10T14:00:00Z"),
    );
    const paused = await db()
      .selectFrom("accounts")
      .selectAll()
      .where("id", "=", acct.accountId)
      .executeTakeFirstOrThrow();
    expect(paused.status).toBe("paused");
    expect(paused.paused_at).toEqual(new Date("2026-03-10T14:00:00Z"));
    const r = await setAccountStatus(
      db(),
      csm,
      { accountId: acct.accountId, status: "active" },
      new Date("2026-03-17T13:00:00Z"),
    );
    expect(r).toEqual({ onHoldDays: 7, movedMilestones: 7 });
    const due = Object.fromEntries(
      (
        await db()
          .selectFrom("journey_milestones")
          .select(["title", "due_on"])
          .where("journey_id", "=", acct.journeyId)
          .execute()
      ).map((m) => [m.title, m.due_on]),
    );
    expect(due["Sign contract"]).toBe("2026-03-02"); // done: stays
    expect(due["Sales handoff"]).toBe("2026-03-11");
    expect(due["Set up SSO"]).toBe("2026-03-19");
    const a = await db().selectFrom("accounts").selectAll().where("id", "=", acct.accountId).executeTakeFirstOrThrow();
    expect([a.status, a.paused_at, a.on_hold_days]).toEqual(["active", null, 7]);
    const timeline = await getTimeline(db(), csm, acct.accountId);
    const moves = timeline.filter((e) => e.kind === "due_date_changed");
    expect(moves).toHaveLength(7);
    expect(moves.find((e) => e.milestoneTitle === "Set up SSO")?.data).toEqual({
      from: "2026-03-12",
      to: "2026-03-19",
      reason: "pause",
      days: 7,
    });
    expect(timeline.filter((e) => e.kind === "account_status_changed").map((e) => e.data)).toEqual([
      { from: "paused", to: "active", onHoldDays: 7 },
      { from: "active", to: "paused" },
    ]);
  });

  it("counts days on hold without moving due dates when a paused account churns; a second pause adds up", async () => {
    const csm = await staffActor();
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    const set = (status: "active" | "paused" | "churned", at: Date) =>
      setAccountStatus(db(), csm, { accountId: acct.accountId, status }, at);
    await set("paused", NOW);
    await set("active", days(NOW, 2));
    await set("paused", days(NOW, 3));
    expect(await set("churned", days(NOW, 8))).toEqual({ onHoldDays: 5, movedMilestones: 0 });
    const a = await db().selectFrom("accounts").selectAll().where("id", "=", acct.accountId).executeTakeFirstOrThrow();
    expect(a.on_hold_days).toBe(7);
    const sso = await db()
      .selectFrom("journey_milestones")
      .select("due_on")
      .where("id", "=", acct.m["Set up SSO"]!)
      .executeTakeFirstOrThrow();
    expect(sso.due_on).toBe("2026-03-14"); // moved by the first pause's 2 days only
    await expect(set("churned", days(NOW, 9))).rejects.toThrow(/already churned/);
  });
});

describe("no emails to accounts on hold or gone", () => {
  const RULES: NudgeRules = { startHour: 0, endHour: 24, firstDay: 1, lastDay: 7, escalationDays: 5 };

  it.each(["paused", "churned", "completed", "archived"] as const)("a %s account gets no nudges", async (state) => {
    const csm = await staffActor();
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), contacts: 1 });
    const contact = await db()
      .selectFrom("users")
      .select("email")
      .where("id", "=", acct.contacts[0]!.id)
      .executeTakeFirstOrThrow();
    const at = new Date("2026-03-04T12:00:00Z"); // "Sign contract" due 2 March: overdue
    if (state === "archived") await setAccountArchived(db(), csm, { accountId: acct.accountId, archived: true }, at);
    else await setAccountStatus(db(), csm, { accountId: acct.accountId, status: state }, at);
    const quiet = await runNudgeSweep(db(), at, RULES);
    expect(quiet.filter((q) => q.toEmail === contact.email)).toEqual([]);
    // The same account, active again, is nudged: the check above can fail.
    await db()
      .updateTable("accounts")
      .set({ status: "active", archived_at: null })
      .where("id", "=", acct.accountId)
      .execute();
    const loud = await runNudgeSweep(db(), at, RULES);
    expect(loud.filter((q) => q.toEmail === contact.email)).toHaveLength(1);
  });

  it("a paused account's journey moves on without stage emails; an active one's sends them", async () => {
    const csm = await staffActor();
    const run = async (pause: boolean) => {
      const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
      if (pause) await setAccountStatus(db(), csm, { accountId: acct.accountId, status: "paused" }, NOW);
      const customer = { id: acct.contacts[0]!.id, role: "customer" as const, accountId: acct.accountId };
      await completeMilestone(db(), customer, acct.m["Sign contract"]!, NOW);
      await completeMilestone(db(), csm, acct.m["Sales handoff"]!, NOW);
      const j = await db()
        .selectFrom("journeys")
        .select("current_stage_position")
        .where("id", "=", acct.journeyId)
        .executeTakeFirstOrThrow();
      return { position: j.current_stage_position, emails: (await outboxFor(acct.accountId)).length };
    };
    const paused = await run(true);
    const active = await run(false);
    expect(paused.position).toBe(active.position);
    expect(active.emails).toBeGreaterThan(0);
    expect(paused.emails).toBe(0);
  });
});

describe("the portfolio by status", () => {
  it("leaves churned, completed and archived accounts out of the default view; filters show them", async () => {
    const csm = await staffActor();
    const playbookId = await makePlaybook();
    const make = async (name: string) => (await makeAccount({ csmId: csm.id, playbookId, name })).accountId;
    const ids = {
      active: await make("Active Co"),
      paused: await make("Paused Co"),
      churned: await make("Churned Co"),
      completed: await make("Completed Co"),
      archived: await make("Archived Co"),
    };
    for (const s of ["paused", "churned", "completed"] as const)
      await setAccountStatus(db(), csm, { accountId: ids[s], status: s }, NOW);
    await setAccountArchived(db(), csm, { accountId: ids.archived, archived: true }, NOW);
    const names = async (status?: PortfolioStatus) =>
      (await getPortfolio(db(), csm, { status }, NOW)).map((r) => r.name);
    expect(await names()).toEqual(["Active Co", "Paused Co"]);
    expect(await names("churned")).toEqual(["Churned Co"]);
    expect(await names("completed")).toEqual(["Completed Co"]);
    expect(await names("all")).toEqual(["Active Co", "Churned Co", "Completed Co", "Paused Co"]);
    expect(await names("archived")).toEqual(["Archived Co"]);
  });
});

describe("archiving", () => {
  it("a CSM archives; only an admin restores; both are in the timeline", async () => {
    const csm = await staffActor();
    const admin = await staffActor("admin");
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    await setAccountArchived(db(), csm, { accountId: acct.accountId, archived: true }, days(NOW, 1));
    await expect(
      setAccountArchived(db(), csm, { accountId: acct.accountId, archived: false }, days(NOW, 2)),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await setAccountArchived(db(), admin, { accountId: acct.accountId, archived: false }, days(NOW, 2));
    const a = await db()
      .selectFrom("accounts")
      .select("archived_at")
      .where("id", "=", acct.accountId)
      .executeTakeFirstOrThrow();
    expect(a.archived_at).toBeNull();
    const kinds = (await getTimeline(db(), admin, acct.accountId)).map((e) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(["account_restored", "account_archived"]);
  });

  it("keeps the account's history append-only", async () => {
    const csm = await staffActor();
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
    await setAccountArchived(db(), csm, { accountId: acct.accountId, archived: true }, NOW);
    await expect(db().deleteFrom("account_events").where("account_id", "=", acct.accountId).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});
