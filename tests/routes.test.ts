// Who may read and write each route: every route x every kind of caller, with
// the expected status, through the real HTTP stack. A route file without an
// entry in the table fails the first test.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signLink } from "~/modules/email/signed-links.server";
import { previewImport } from "~/modules/import/preview-import.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { draftVersionOf } from "~/modules/playbooks/draft-version.server";
import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import { playbookDocumentSchema } from "~/modules/playbooks/playbook-document";
import { documentToEditor } from "~/modules/playbooks/playbook-editor-form";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { readPlaybookDraftRaw } from "~/modules/playbooks/read-playbook-draft.server";
import { saveLogo } from "~/modules/workspace/workspace-settings.server";
import { securityHeaders } from "~/server/http";
import { getSigningSecret } from "~/utils/signing-secret.server";
import { sampleStagePayload } from "./email-fixtures";
import {
  countRows,
  db,
  makeAccount,
  makePlaybook,
  makeStaff,
  milestoneSeed,
  sessionCookie,
  setPassword,
  smallPlaybook,
  type TestAccount,
} from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

const PNG_LOGO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

type Persona = "anonymous" | "customer" | "otherCustomer" | "assignedCsm" | "otherCsm" | "admin" | "viewer";
// The viewer is read-only staff: reads what an admin reads, and every write it sends is refused and changes nothing.
const PERSONAS: Persona[] = ["anonymous", "customer", "otherCustomer", "assignedCsm", "otherCsm", "admin", "viewer"];

interface Ctx {
  a: TestAccount;
  b: TestAccount;
  /** The playbook both accounts follow, and a's CSM, for the account forms. */
  playbookId: string;
  csmId: string;
  /** An outbox email about account a. */
  emailId: string;
  unsubscribeToken: string;
  doneToken: string;
  /** Account a's current stage, where a step may be added. */
  aStageId: string;
  /** A previewed CSV import of one account. */
  importId: string;
  /** A survey link for a contact of a third account whose first stage is finished, and that contact. */
  pulseToken: string;
  pulseUserId: string;
  /** A playbook of its own with a journey on version 1 and a published version 2, for the upgrade page. */
  upgrade: { playbookId: string; v1: string; v2: string; journeyId: string };
  /** A playbook for the studio's editor, and a save of its draft with the first stage renamed. */
  studioPlaybookId: string;
  studioSave: Record<string, string>;
}

// Webhooks are on when a secret is set; unsigned posts are then refused.
process.env.RESEND_WEBHOOK_SECRET = `whsec_${Buffer.from("routes-test-secret").toString("base64")}`;

interface Entry {
  path: (c: Ctx) => string;
  read: Record<Persona, number>;
  write: Record<Persona, number>;
  body: (c: Ctx) => Record<string, string>;
  /** Whether an allowed write appends to the milestone history. */
  writesEvents?: boolean;
  /** What a write answered with 200 changes; every route that answers a write with 200 has one. */
  effect?: Effect;
}

interface Effect {
  /** Undoes the last caller's write, so that each allowed write has something to change. */
  reset?: (c: Ctx, userId: string | undefined) => unknown;
  /** Read before and after each write: an allowed write changes it, a refused one does not. */
  probe: (c: Ctx, userId: string | undefined) => Promise<unknown>;
}

const count = async (
  table: "email_outbox" | "milestone_events" | "sessions",
  column: "to_email" | "milestone_id" | "user_id",
  value: string | undefined,
) => {
  if (!value) return null;
  const row = await db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(column, "=", value)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

const reopen = (milestoneId: string) =>
  db()
    .updateTable("journey_milestones")
    .set({ status: "open", completed_at: null, completed_by: null })
    .where("id", "=", milestoneId)
    .execute();

const preferences = (userId: string | undefined) =>
  userId
    ? db()
        .selectFrom("users")
        .select(["nudges_enabled", "lifecycle_emails_enabled"])
        .where("id", "=", userId)
        .executeTakeFirstOrThrow()
    : Promise.resolve(null);

const all = (status: number): Record<Persona, number> =>
  Object.fromEntries(PERSONAS.map((p) => [p, status])) as Record<Persona, number>;

/**
 * A staff page: an anonymous caller is sent to sign in, customers find nothing,
 * account a's CSM and admins get in; `others` says what another CSM and a viewer get.
 */
const staffPage = (others: { otherCsm: number; viewer: number }): Record<Persona, number> => ({
  anonymous: 302,
  customer: 404,
  otherCustomer: 404,
  assignedCsm: 200,
  admin: 200,
  ...others,
});
/** About account a: another CSM finds no such account; a viewer reads it. */
const ACCOUNT_READ = staffPage({ otherCsm: 404, viewer: 200 });
/** A change to account a: a viewer's write is refused. */
const ACCOUNT_WRITE = staffPage({ otherCsm: 404, viewer: 403 });
/** For those who may change account a only; a viewer does not see it at all. */
const ACCOUNT_EDITORS = staffPage({ otherCsm: 404, viewer: 404 });
/** Every staff member's page. */
const ALL_STAFF = staffPage({ otherCsm: 200, viewer: 200 });
/** Every CSM's and admin's page: a viewer changes nothing, so a page that only creates is not theirs. */
const CSMS_AND_ADMINS = staffPage({ otherCsm: 200, viewer: 404 });
/** An admin's page: anyone else signed in finds nothing. */
const ADMINS: Record<Persona, number> = { ...all(404), anonymous: 302, admin: 200 };
/** Playbooks: every staff member reads them; only admins change them, others' writes are refused. */
const PLAYBOOK_WRITE: Record<Persona, number> = { ...ALL_STAFF, assignedCsm: 403, otherCsm: 403, viewer: 403 };
/** Everyone signed in. */
const SIGNED_IN: Record<Persona, number> = { ...all(200), anonymous: 302 };

const MATRIX: Record<string, Entry> = {
  "_index.tsx": { path: () => "/", read: all(302), write: all(405), body: () => ({}) },
  "login.tsx": {
    path: () => "/login",
    read: { ...all(302), anonymous: 200 },
    // Signed-in people are sent home; a wrong password is a 400 with a message.
    write: { ...all(302), anonymous: 400 },
    body: () => ({ email: "nobody@nowhere.test", password: "wrong" }),
  },
  // Without a valid token every caller gets the "expired or used" page.
  "login_.link.tsx": { path: () => "/login/link", read: all(400), write: all(400), body: () => ({}) },
  "invitations.accept.tsx": { path: () => "/invitations/accept", read: all(400), write: all(400), body: () => ({}) },
  "csm.accounts.$accountId_.contacts.tsx": {
    path: (c) => `/csm/accounts/${c.a.accountId}/contacts`,
    read: ACCOUNT_READ,
    write: ACCOUNT_WRITE,
    body: () => ({ intent: "invite", name: "Matrix Invitee", email: "matrix.invitee@customer.test" }),
    // Each invitation, a repeat included, queues a fresh email.
    effect: { probe: () => count("email_outbox", "to_email", "matrix.invitee@customer.test") },
  },
  "csm.accounts.new.tsx": {
    path: () => "/csm/accounts/new",
    read: CSMS_AND_ADMINS,
    write: CSMS_AND_ADMINS,
    body: (c) => ({
      name: "Matrix New Account",
      timezone: "UTC",
      csmId: c.csmId,
      startedOn: "2026-03-02",
      playbookId: c.playbookId,
    }),
    // Each allowed write creates one more account of that name.
    effect: {
      probe: async () =>
        (await db().selectFrom("accounts").select("id").where("name", "=", "Matrix New Account").execute()).length,
    },
  },
  "csm.accounts.$accountId_.settings.tsx": {
    path: (c) => `/csm/accounts/${c.a.accountId}/settings`,
    read: ACCOUNT_EDITORS,
    write: ACCOUNT_EDITORS,
    body: (c) => ({ intent: "details", name: "Matrix Renamed", csmId: c.csmId, timezone: "UTC" }),
    effect: {
      reset: (c) => db().updateTable("accounts").set({ name: "Matrix A" }).where("id", "=", c.a.accountId).execute(),
      probe: async (c) =>
        (await db().selectFrom("accounts").select("name").where("id", "=", c.a.accountId).executeTakeFirstOrThrow())
          .name,
    },
  },
  // Account a's success goals: its CSM and admins add them, a viewer reads them, another CSM finds nothing.
  "csm.accounts.$accountId_.goals.tsx": {
    path: (c) => `/csm/accounts/${c.a.accountId}/goals`,
    read: ACCOUNT_READ,
    write: ACCOUNT_WRITE,
    body: () => ({
      intent: "create",
      title: "Matrix goal",
      measure: "cut reporting from 5 days to 1",
      targetOn: "2026-06-30",
      status: "on_track",
    }),
    // Each allowed write adds one more goal to account a.
    effect: {
      probe: async (c) =>
        (await db().selectFrom("account_goals").select("id").where("account_id", "=", c.a.accountId).execute()).length,
    },
  },
  // The portal here has an admin, so the first-run page is gone for everyone.
  "setup.tsx": {
    path: () => "/setup?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    read: all(404),
    write: all(404),
    body: () => ({ name: "Matrix Admin", email: "matrix.admin@vendor.test", password: "" }),
    effect: {
      probe: async () =>
        (await db().selectFrom("users").select("id").where("email", "=", "matrix.admin@vendor.test").execute()).length,
    },
  },
  "logout.tsx": { path: () => "/logout", read: all(302), write: all(302), body: () => ({}) },
  "journey.tsx": {
    path: () => "/journey",
    read: {
      anonymous: 302,
      customer: 200,
      otherCustomer: 200,
      assignedCsm: 302,
      otherCsm: 302,
      admin: 302,
      viewer: 302,
    },
    write: {
      anonymous: 302,
      customer: 200,
      otherCustomer: 404,
      assignedCsm: 302,
      otherCsm: 302,
      admin: 302,
      viewer: 302,
    },
    body: (c) => ({ intent: "complete", milestoneId: c.a.m["Sign contract"] }),
    writesEvents: true,
    effect: {
      reset: (c) => reopen(c.a.m["Sign contract"]),
      probe: (c) => count("milestone_events", "milestone_id", c.a.m["Sign contract"]),
    },
  },
  "csm._index.tsx": {
    path: () => "/csm",
    read: ALL_STAFF,
    write: all(405),
    body: () => ({}),
  },
  "csm.accounts.$accountId.tsx": {
    path: (c) => `/csm/accounts/${c.a.accountId}`,
    read: ACCOUNT_READ,
    write: ACCOUNT_WRITE,
    body: (c) => ({ intent: "note", milestoneId: c.a.m["Sign contract"], note: "Checked in" }),
    writesEvents: true,
    effect: { probe: (c) => count("milestone_events", "milestone_id", c.a.m["Sign contract"]) },
  },
  // Adds a step to account a's journey; nothing to read (405), and another CSM's account is a 404.
  "csm.accounts.$accountId_.milestones.tsx": {
    path: (c) => `/csm/accounts/${c.a.accountId}/milestones`,
    read: all(405),
    write: ACCOUNT_WRITE,
    body: (c) => ({ title: "Matrix step", stageId: c.aStageId, ownerId: c.a.contacts[0].id, dueOn: "2026-06-01" }),
    writesEvents: true,
    effect: {
      probe: (c) =>
        db()
          .selectFrom("journey_milestones")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("journey_id", "=", c.a.journeyId)
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n)),
    },
  },
  "settings.notifications.tsx": {
    path: () => "/settings/notifications",
    read: SIGNED_IN,
    write: SIGNED_IN,
    body: () => ({ nudges: "on", lifecycle: "on" }),
    effect: {
      reset: (_, userId) =>
        userId &&
        db()
          .updateTable("users")
          .set({ nudges_enabled: false, lifecycle_emails_enabled: false })
          .where("id", "=", userId)
          .execute(),
      probe: (_, userId) => preferences(userId),
    },
  },
  "settings.security.tsx": {
    path: () => "/settings/security",
    read: SIGNED_IN,
    write: SIGNED_IN,
    body: () => ({ intent: "sign_out_others" }),
    // Another device's session for the caller to sign out.
    effect: {
      reset: (_, userId) => userId && sessionCookie(userId),
      probe: (_, userId) => count("sessions", "user_id", userId),
    },
  },
  "admin.team.tsx": {
    path: () => "/admin/team",
    read: ADMINS,
    write: ADMINS,
    body: () => ({ intent: "invite", name: "Matrix Staff", email: "matrix.staff@vendor.test", role: "csm" }),
    effect: { probe: () => count("email_outbox", "to_email", "matrix.staff@vendor.test") },
  },
  "admin.settings.tsx": {
    path: () => "/admin/settings",
    read: ADMINS,
    write: ADMINS,
    body: () => ({ intent: "save", vendorName: "Matrix Vendor", brandColour: "#1f57c0" }),
    effect: {
      // Keeps the row (and the logo brand.logo.tsx serves); only the name goes back to the default.
      reset: () => db().updateTable("workspace_settings").set({ vendor_name: null }).execute(),
      probe: async () =>
        (await db().selectFrom("workspace_settings").select("vendor_name").executeTakeFirst())?.vendor_name ?? null,
    },
  },
  // The logo is public: every page and every email shows it. Posting to it is not a thing.
  "brand.logo.tsx": { path: () => "/brand/logo", read: all(200), write: all(405), body: () => ({}) },
  // The playbook file's JSON Schema is public: editors fetch it to check a file as it is written.
  "playbook[.]schema[.]json.ts": {
    path: () => "/playbook.schema.json",
    read: all(200),
    write: all(405),
    body: () => ({}),
  },
  // The journey map: every staff member reads it; there is nothing to post.
  "admin.playbooks.$playbookId_.map.tsx": {
    path: (c) => `/admin/playbooks/${c.playbookId}/map`,
    read: ALL_STAFF,
    write: all(405),
    body: () => ({}),
  },
  // Stage emails: every staff member reads them; only an admin changes the draft's words.
  "admin.playbooks.$playbookId_.emails.tsx": {
    path: (c) => `/admin/playbooks/${c.playbookId}/emails`,
    read: ALL_STAFF,
    write: { ...staffPage({ otherCsm: 403, viewer: 403 }), assignedCsm: 403 },
    body: () => ({ intent: "save", stage: "onboarding", subject: "Matrix words, {account}", intro: "Matrix." }),
    effect: {
      reset: (c) =>
        db()
          .updateTable("playbook_stages")
          .set({ email_subject: null, email_intro: null })
          .where("playbook_id", "=", c.playbookId)
          .execute(),
      probe: async (c) =>
        (
          await db()
            .selectFrom("playbook_stages")
            .select("email_subject")
            .where("playbook_id", "=", c.playbookId)
            .where("key", "=", "onboarding")
            .executeTakeFirstOrThrow()
        ).email_subject,
    },
  },
  "admin.playbooks._index.tsx": {
    path: () => "/admin/playbooks",
    read: ALL_STAFF,
    write: PLAYBOOK_WRITE,
    body: () => ({ intent: "create", name: "Matrix Playbook" }),
    effect: {
      reset: () => db().deleteFrom("playbooks").where("name", "=", "Matrix Playbook").execute(),
      probe: async () =>
        (await db().selectFrom("playbooks").select("id").where("name", "=", "Matrix Playbook").execute()).length,
    },
  },
  "admin.playbooks.$playbookId.tsx": {
    path: (c) => `/admin/playbooks/${c.studioPlaybookId}`,
    read: ALL_STAFF,
    write: PLAYBOOK_WRITE,
    body: (c) => c.studioSave,
    effect: {
      reset: (c) =>
        db()
          .updateTable("playbook_stages")
          .set({ name: "Purchase" })
          .where("playbook_id", "=", c.studioPlaybookId)
          .where("key", "=", "purchase")
          .execute(),
      probe: async (c) =>
        (
          await db()
            .selectFrom("playbook_stages")
            .select("name")
            .where("playbook_id", "=", c.studioPlaybookId)
            .where("key", "=", "purchase")
            .executeTakeFirstOrThrow()
        ).name,
    },
  },
  "admin.audit.tsx": {
    path: () => "/admin/audit?kind=sign_in&person=a&from=2026-01-01&to=2030-01-01",
    read: ADMINS,
    write: all(405),
    body: () => ({}),
  },
  // An upload is checked and kept as a preview, then the admin is sent to it.
  "admin.import._index.tsx": {
    path: () => "/admin/import",
    read: ADMINS,
    write: { ...all(404), anonymous: 302, admin: 302 },
    body: () => ({ file: MATRIX_IMPORT_CSV }),
  },
  "admin.import.$importId.tsx": {
    path: (c) => `/admin/import/${c.importId}`,
    read: ADMINS,
    write: ADMINS,
    body: () => ({ intent: "confirm" }),
    effect: {
      reset: (c) =>
        db().updateTable("account_imports").set({ status: "previewed" }).where("id", "=", c.importId).execute(),
      probe: (c) =>
        db().selectFrom("account_imports").select("status").where("id", "=", c.importId).executeTakeFirstOrThrow(),
    },
  },
  // Admins only (ADR 036); a write upgrades the journey on version 1 to version 2.
  "admin.playbooks.$playbookId_.upgrade.tsx": {
    path: (c) => `/admin/playbooks/${c.upgrade.playbookId}/upgrade`,
    read: ADMINS,
    write: ADMINS,
    body: (c) => ({ intent: "apply", to: c.upgrade.v2, confirm: "on" }),
    writesEvents: true,
    effect: {
      reset: async (c) => {
        await db().deleteFrom("journey_upgrades").where("journey_id", "=", c.upgrade.journeyId).execute();
        await db()
          .updateTable("journeys")
          .set({ playbook_version_id: c.upgrade.v1 })
          .where("id", "=", c.upgrade.journeyId)
          .execute();
      },
      probe: (c) =>
        db()
          .selectFrom("journeys")
          .select("playbook_version_id")
          .where("id", "=", c.upgrade.journeyId)
          .executeTakeFirstOrThrow(),
    },
  },
  // Insights: every staff member reads them (a CSM only their accounts' figures, tested in
  // tests/insights-http.test.ts); customers find nothing; there is nothing to post.
  "insights.tsx": {
    path: () => "/insights",
    read: ALL_STAFF,
    write: all(405),
    body: () => ({}),
  },
  // The metrics document, built into the page: staff read it, customers find nothing.
  "insights_.definitions.tsx": {
    path: () => "/insights/definitions",
    read: ALL_STAFF,
    write: all(405),
    body: () => ({}),
  },
  "insights[.]csv.ts": {
    path: () => "/insights.csv?panel=health",
    read: ALL_STAFF,
    write: all(405),
    body: () => ({}),
  },
  "admin.import.template.tsx": {
    path: () => "/admin/import/template",
    read: ADMINS,
    write: all(405),
    body: () => ({}),
  },
  "csm.outbox._index.tsx": {
    path: () => "/csm/outbox",
    read: ALL_STAFF,
    write: all(405),
    body: () => ({}),
  },
  "csm.outbox.$emailId.tsx": {
    path: (c) => `/csm/outbox/${c.emailId}`,
    // A viewer's outbox holds only emails to them: a kept email's links act as its recipient.
    read: ACCOUNT_EDITORS,
    write: all(405),
    body: () => ({}),
  },
  // The signed token, not a session, decides; repeating the POST is harmless.
  "email.unsubscribe.tsx": {
    path: (c) => `/email/unsubscribe?token=${c.unsubscribeToken}`,
    read: all(200),
    write: all(200),
    body: () => ({ "List-Unsubscribe": "One-Click" }),
    effect: {
      reset: (c) =>
        db().updateTable("users").set({ nudges_enabled: true }).where("id", "=", c.a.contacts[1].id).execute(),
      probe: (c) => preferences(c.a.contacts[1].id),
    },
  },
  "email.done.tsx": {
    path: (c) => `/email/done?token=${c.doneToken}`,
    read: all(200),
    write: all(200),
    body: () => ({}),
    writesEvents: true,
    effect: {
      reset: (c) => reopen(c.a.m["Set up SSO"]),
      probe: (c) => count("milestone_events", "milestone_id", c.a.m["Set up SSO"]),
    },
  },
  // The signed survey link, not a session, decides; a second POST changes the answer.
  "pulse.tsx": {
    path: (c) => `/pulse?token=${c.pulseToken}&score=4`,
    read: all(200),
    write: all(200),
    body: () => ({ score: "4", feeling: "confident" }),
    effect: {
      reset: (c) => db().deleteFrom("pulse_answers").where("user_id", "=", c.pulseUserId).execute(),
      probe: async (c) =>
        (await db().selectFrom("pulse_answers").select("score").where("user_id", "=", c.pulseUserId).execute()).length,
    },
  },
  "webhooks.resend.ts": {
    path: () => "/webhooks/resend",
    read: all(405),
    write: all(400),
    body: () => ({}),
  },
};

const MATRIX_IMPORT_CSV = "external_id,account_name,start_date,playbook\nMATRIX-1,Matrix Inc,2026-12-07,PLAYBOOK\n";

let server: TestServer;
let ctx: Ctx;
const cookies: Partial<Record<Persona, string>> = {};
const userIds: Partial<Record<Persona, string>> = {};

beforeAll(async () => {
  server = await startTestServer();
  const csm = await makeStaff();
  const otherCsm = await makeStaff();
  const admin = await makeStaff({ role: "admin" });
  const viewer = await makeStaff({ role: "viewer", fn: null });
  const playbookId = await makePlaybook();
  const a = await makeAccount({ csmId: csm.id, playbookId });
  const b = await makeAccount({ csmId: otherCsm.id, playbookId });
  const secret = await getSigningSecret(db());
  const email = await db()
    .insertInto("email_outbox")
    .values({
      dedupe_key: "routes-test",
      kind: "stage_entered_csm",
      recipient_user_id: csm.id,
      to_email: csm.email,
      account_id: a.accountId,
      payload: JSON.stringify(sampleStagePayload(a)),
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const playbookName = (
    await db().selectFrom("playbooks").select("name").where("id", "=", playbookId).executeTakeFirstOrThrow()
  ).name;
  const { importId } = await previewImport(
    db(),
    { id: admin.id, role: "admin", accountId: null },
    { fileName: "matrix.csv", bytes: MATRIX_IMPORT_CSV.replace("PLAYBOOK", playbookName), defaultTimezone: "UTC" },
    new Date(),
  );
  const stage = await db()
    .selectFrom("journey_stages")
    .select("id")
    .where("journey_id", "=", a.journeyId)
    .where("position", "=", 1)
    .executeTakeFirstOrThrow();
  // A third account whose first stage is finished: its contact is asked how it went.
  const p = await makeAccount({ csmId: csm.id, playbookId, now: new Date() });
  const pCustomer = { id: p.contacts[0].id, role: "customer" as const, accountId: p.accountId };
  await completeMilestone(db(), pCustomer, p.m["Sign contract"], new Date());
  await completeMilestone(db(), { id: csm.id, role: "csm", accountId: null }, p.m["Sales handoff"], new Date());
  const pStage = await db()
    .selectFrom("journey_stages")
    .select("id")
    .where("journey_id", "=", p.journeyId)
    .where("position", "=", 1)
    .executeTakeFirstOrThrow();
  // The upgrade page's playbook: a journey on version 1, and a version 2 with one more step.
  const upgradeDoc = smallPlaybook();
  const upgradePlaybookId = await makePlaybook(upgradeDoc);
  const u = await makeAccount({ csmId: csm.id, playbookId: upgradePlaybookId });
  upgradeDoc.stages[1].milestones.push(milestoneSeed("Upgrade step", "customer", "customer", 12, true));
  await importPlaybook(db(), playbookDocumentSchema.parse(upgradeDoc));
  const v2 = await publishPlaybook(db(), { playbookId: upgradePlaybookId, note: "One more step" }, new Date());
  const v1 = await db()
    .selectFrom("journeys")
    .select("playbook_version_id")
    .where("id", "=", u.journeyId)
    .executeTakeFirstOrThrow();
  const studioPlaybookId = await makePlaybook();
  const studioDraft = await readPlaybookDraftRaw(db(), studioPlaybookId);
  const studioForm = documentToEditor(studioDraft);
  studioForm.stages[0]!.name = "Matrix stage";
  ctx = {
    upgrade: { playbookId: upgradePlaybookId, v1: v1.playbook_version_id!, v2: v2.versionId, journeyId: u.journeyId },
    a,
    b,
    studioPlaybookId,
    studioSave: {
      intent: "save",
      draftVersion: draftVersionOf(studioDraft),
      document: JSON.stringify(studioForm),
    },
    pulseUserId: pCustomer.id,
    pulseToken: signLink(secret, {
      p: "pulse",
      u: pCustomer.id,
      s: pStage.id,
      exp: Math.floor(Date.now() / 1000) + 3600,
    }),
    aStageId: stage.id,
    playbookId,
    csmId: csm.id,
    importId,
    emailId: email.id,
    unsubscribeToken: signLink(secret, { p: "unsubscribe", u: a.contacts[1].id, c: "nudges" }),
    doneToken: signLink(secret, {
      p: "done",
      u: a.contacts[0].id,
      m: a.m["Set up SSO"],
      exp: Math.floor(Date.now() / 1000) + 3600,
    }),
  };
  Object.assign(userIds, {
    customer: ctx.a.contacts[0].id,
    otherCustomer: ctx.b.contacts[0].id,
    assignedCsm: csm.id,
    otherCsm: otherCsm.id,
    admin: admin.id,
    viewer: viewer.id,
  });
  for (const [persona, id] of Object.entries(userIds)) cookies[persona as Persona] = await sessionCookie(id);
  await saveLogo(db(), admin, PNG_LOGO, new Date());
  // An admin deactivated while holding a session: the session must count for nothing.
  const gone = await makeStaff({ role: "admin" });
  deactivatedCookie = await sessionCookie(gone.id);
  deactivatedId = gone.id;
  await db().updateTable("users").set({ deactivated_at: new Date() }).where("id", "=", gone.id).execute();
});

let deactivatedCookie = "";
let deactivatedId = "";

afterAll(async () => {
  await server?.close();
});

it("has an entry for every route in app/routes", () => {
  const files = fs
    .readdirSync("app/routes")
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .sort();
  expect(Object.keys(MATRIX).sort()).toEqual(files);
});

it("says what each route's allowed write changes", () => {
  const silent = Object.entries(MATRIX)
    .filter(([, entry]) => Object.values(entry.write).includes(200) && !entry.effect)
    .map(([file]) => file);
  expect(silent).toEqual([]);
});

/** Readies the entry's effect for one write and returns what it reads before it. */
async function effectBefore(entry: Entry, userId: string | undefined): Promise<unknown> {
  await entry.effect?.reset?.(ctx, userId);
  return entry.effect?.probe(ctx, userId);
}

/** A write answered 200 changed what its entry says it changes; any other answer changed nothing. */
async function expectEffect(entry: Entry, userId: string | undefined, status: number, seen: unknown) {
  if (!entry.effect) return;
  const now = await entry.effect.probe(ctx, userId);
  if (status === 200) expect(now, "an allowed write changes what it says it changes").not.toEqual(seen);
  else expect(now, "a refused write changes nothing").toEqual(seen);
}

describe.each(Object.entries(MATRIX))("%s", (file, entry) => {
  it.each(PERSONAS)("read as %s", async (persona) => {
    const res = await server.get(entry.path(ctx), cookies[persona]);
    expect(res.status).toBe(entry.read[persona]);
    if (res.status === 404) {
      const html = await res.text();
      expect(html).not.toContain(ctx.a.contacts[0].name);
    }
  });

  it.each(PERSONAS)("write as %s", async (persona) => {
    // Logging out ends the session it is sent with, so it gets a session of its own.
    const cookie =
      persona === "anonymous"
        ? undefined
        : file === "logout.tsx"
          ? await sessionCookie(userIds[persona]!)
          : cookies[persona];
    const before = await countRows("milestone_events");
    const seen = await effectBefore(entry, userIds[persona]);
    const res = await server.post(entry.path(ctx), entry.body(ctx), { cookie });
    expect(res.status).toBe(entry.write[persona]);
    await expectEffect(entry, userIds[persona], entry.write[persona], seen);
    const after = await countRows("milestone_events");
    if (entry.write[persona] !== 200 || !entry.writesEvents) expect(after).toBe(before);
    if (file === "logout.tsx" && persona !== "anonymous" && cookie) {
      const [id] = cookie!.replace("wp_session=", "").split(".");
      expect(await db().selectFrom("sessions").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
      expect(res.headers.get("set-cookie")).toContain("Max-Age=0");
    }
  });
});

// A deactivated person is treated exactly as someone not signed in, on every route.
describe.each(Object.entries(MATRIX))("%s as a deactivated admin", (file, entry) => {
  it("reads and writes like an anonymous visitor", async () => {
    expect((await server.get(entry.path(ctx), deactivatedCookie)).status).toBe(entry.read.anonymous);
    const cookie = file === "logout.tsx" ? await sessionCookie(deactivatedId) : deactivatedCookie;
    const before = await countRows("milestone_events");
    const seen = await effectBefore(entry, deactivatedId);
    expect((await server.post(entry.path(ctx), entry.body(ctx), { cookie })).status).toBe(entry.write.anonymous);
    await expectEffect(entry, deactivatedId, entry.write.anonymous, seen);
    if (entry.write.anonymous !== 200 || !entry.writesEvents) expect(await countRows("milestone_events")).toBe(before);
  });
});

describe("the same-origin check", () => {
  it("refuses a state-changing request without Origin or Sec-Fetch-Site, or from another site", async () => {
    const body = { intent: "complete", milestoneId: ctx.a.m["Optional intro"] };
    const cookie = await sessionCookie(ctx.a.contacts[0].id);
    const before = await countRows("milestone_events");
    expect((await server.post("/journey", body, { cookie, origin: null })).status).toBe(403);
    expect((await server.post("/journey", body, { cookie, origin: "https://evil.example" })).status).toBe(403);
    expect(
      (await server.post("/journey", body, { cookie, origin: null, headers: { "sec-fetch-site": "cross-site" } }))
        .status,
    ).toBe(403);
    expect(await countRows("milestone_events")).toBe(before);
    expect(
      (await server.post("/journey", body, { cookie, origin: null, headers: { "sec-fetch-site": "same-origin" } }))
        .status,
    ).toBe(200);
    expect(await countRows("milestone_events")).toBe(before + 1);
  });

  it("signs in with a cookie that is HttpOnly and SameSite=Lax, and not Secure over http", async () => {
    const user = await makeStaff();
    await setPassword(user.id, "a long password");
    const res = await server.post("/login", { email: user.email, password: "a long password" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/csm");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^wp_session=[\w-]+\.[\w-]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
  });
});

describe("security headers", () => {
  it("every page carries a CSP whose nonce is on each inline script, and the other headers", async () => {
    for (const [path, cookie] of [
      ["/login", undefined],
      ["/journey", cookies.customer],
      ["/csm/outbox", cookies.admin],
    ] as const) {
      const res = await server.get(path, cookie);
      expect(res.status).toBe(200);
      const csp = res.headers.get("content-security-policy")!;
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      // Served over http here: no HSTS.
      expect(res.headers.get("strict-transport-security")).toBeNull();
      const html = await res.text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
      expect(inline.length).toBeGreaterThan(0);
      for (const [, attrs] of inline) expect(attrs, path).toContain(`nonce="${nonce}"`);
    }
    // A fresh nonce per response.
    const a = (await server.get("/login")).headers.get("content-security-policy");
    const b = (await server.get("/login")).headers.get("content-security-policy");
    expect(a).not.toBe(b);
  });

  it("adds HSTS over https only", () => {
    expect(securityHeaders("n", { dev: false, https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
    expect(securityHeaders("n", { dev: false, https: false })["Strict-Transport-Security"]).toBeUndefined();
  });
});
