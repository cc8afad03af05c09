// Runs a previewed import when the admin confirms it: the rows are checked again
// against what the database holds now, then written set-based in ONE transaction
// (all or nothing), while its progress is written beside it for the page to poll.
import { sql } from "kysely";
import type { Actor } from "~/modules/accounts/access.server";
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import { issueInvitation } from "~/modules/auth/issue-invitation.server";
import type { DB } from "~/utils/db.server";
import { InputError, NotFoundError } from "~/utils/errors.server";
import type { ParsedRow } from "./parse-import-csv";
import { planImport } from "./plan-import.server";
import { startJourneys } from "./start-journeys.server";

/** Accounts or contacts written per statement: small enough that progress moves, large enough to stay fast. */
const IMPORT_CHUNK = 1000;
/** Journeys started per statement: each copies tens of rows, so fewer make a chunk. */
const JOURNEY_CHUNK = 250;
/**
 * What starting a journey costs against writing an account or a contact, so the
 * progress bar moves with the time spent (a journey copies its playbook's
 * stages, milestones and resources, each with its foreign-key checks).
 */
const JOURNEY_WEIGHT = 20;

export interface ImportSummary {
  accountsCreated: number;
  accountsUpdated: number;
  contactsCreated: number;
  contactsUpdated: number;
  journeysStarted: number;
  invitationsSent: number;
  rowsRefused: number;
}

function chunks<T>(items: T[], size = IMPORT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function runImport(
  db: DB,
  actor: Actor & { name: string },
  input: { importId: string; sendInvitations: boolean; defaultTimezone: string; ip: string | null },
  now: Date,
): Promise<ImportSummary> {
  if (actor.role !== "admin") throw new NotFoundError("No such import");
  // Claimed outside the transaction, so the page sees "running" at once and a
  // second click cannot start the same import twice.
  const claimed = await db
    .updateTable("account_imports")
    .set({ status: "running", processed_rows: 0 })
    .where("id", "=", input.importId)
    .where("status", "in", ["previewed", "failed"])
    .returning(["rows", "total_rows"])
    .executeTakeFirst();
  if (!claimed) {
    const found = await db
      .selectFrom("account_imports")
      .select("status")
      .where("id", "=", input.importId)
      .executeTakeFirst();
    if (!found) throw new NotFoundError("No such import");
    throw new InputError(found.status === "running" ? "This import is running." : "This import has already run.");
  }
  const parsed = claimed.rows as unknown as ParsedRow[];
  // Progress goes out on the pool, beside the transaction, one write after the
  // other but without holding the import up; the run waits for the last before it commits.
  let progressWritten: Promise<unknown> = Promise.resolve();
  const progress = (processed: number) => {
    progressWritten = progressWritten.then(() =>
      db
        .updateTable("account_imports")
        .set({ processed_rows: Math.min(processed, claimed.total_rows) })
        .where("id", "=", input.importId)
        .execute(),
    );
    // Handled here so a failed write cannot end the process; the run still sees it when it waits.
    progressWritten.catch(() => {});
  };

  try {
    const summary = await db.transaction().execute(async (trx) => {
      const plan = await planImport(trx, parsed, input.defaultTimezone);
      const accountChunks = chunks(plan.accounts);
      const contactChunks = chunks(plan.contacts);
      const starts = plan.accounts.filter((a) => a.startJourney);
      const journeyChunks = chunks(starts, JOURNEY_CHUNK);
      // One unit per account and contact written, JOURNEY_WEIGHT per journey, and one for the rest.
      const work = plan.accounts.length + plan.contacts.length + starts.length * JOURNEY_WEIGHT + 1;
      let done = 0;
      const stepDone = (units: number) => {
        done += units;
        progress(Math.round((done / work) * claimed.total_rows));
      };

      for (const chunk of accountChunks) {
        const rows = JSON.stringify(
          chunk.map((a) => ({
            external_id: a.externalId,
            name: a.name,
            domain: a.domain,
            segment: a.segment,
            timezone: a.timezone,
            csm_id: a.csmId,
            started_on: a.startedOn,
          })),
        );
        // The external id is unique: a re-import updates the account it matched.
        await sql`
          insert into accounts (external_id, name, domain, segment, timezone, csm_id, started_on, created_at)
          select r.external_id, r.name, r.domain, r.segment, r.timezone, r.csm_id, r.started_on, ${now}
          from jsonb_to_recordset(${rows}::jsonb)
            as r(external_id text, name text, domain text, segment text, timezone text, csm_id uuid, started_on date)
          on conflict (external_id) do update set name = excluded.name, domain = excluded.domain,
            segment = excluded.segment, timezone = excluded.timezone, csm_id = excluded.csm_id`.execute(trx);
        stepDone(chunk.length);
      }

      for (const chunk of contactChunks) {
        const created = chunk
          .filter((c) => !c.existingId)
          .map((c) => ({ external_id: c.externalId, email: c.email, name: c.name, job_title: c.jobTitle }));
        const updated = chunk
          .filter((c) => c.existingId)
          .map((c) => ({ id: c.existingId, name: c.name, job_title: c.jobTitle }));
        // Not joined and not invited: nobody can sign in as them until someone invites them.
        if (created.length)
          await sql`
            insert into users (email, name, job_title, role, account_id, joined_at, created_at)
            select r.email, r.name, r.job_title, 'customer', a.id, null, ${now}
            from jsonb_to_recordset(${JSON.stringify(created)}::jsonb)
              as r(external_id text, email text, name text, job_title text)
            join accounts a on a.external_id = r.external_id`.execute(trx);
        if (updated.length)
          await sql`
            update users u set name = r.name, job_title = r.job_title
            from jsonb_to_recordset(${JSON.stringify(updated)}::jsonb) as r(id uuid, name text, job_title text)
            where u.id = r.id`.execute(trx);
        stepDone(chunk.length);
      }

      let journeysStarted = 0;
      for (const chunk of journeyChunks) {
        journeysStarted += await startJourneys(trx, chunk, now);
        stepDone(chunk.length * JOURNEY_WEIGHT);
      }

      let invitationsSent = 0;
      if (input.sendInvitations) {
        // Everyone in the file who was never invited and has not joined: a
        // second import with invitations on invites nobody twice.
        const emails = plan.rows.flatMap((r) => (r.action !== "error" && r.contactEmail ? [r.contactEmail] : []));
        const invitees = emails.length
          ? await trx
              .selectFrom("users as u")
              .innerJoin("accounts as a", "a.id", "u.account_id")
              .select(["u.id", "u.email", "a.id as account_id", "a.name as account_name"])
              .where(sql<boolean>`lower(u.email) = any(${emails}::text[])`)
              .where("u.role", "=", "customer")
              .where("u.joined_at", "is", null)
              .where("u.invited_at", "is", null)
              .where("u.deactivated_at", "is", null)
              .execute()
          : [];
        for (const person of invitees) {
          await issueInvitation(
            trx,
            db,
            {
              user: { id: person.id, email: person.email, accountId: person.account_id },
              inviter: actor,
              accountName: person.account_name,
              roleLabel: "customer contact",
              ip: input.ip,
            },
            now,
          );
        }
        invitationsSent = invitees.length;
      }

      const result: ImportSummary = {
        accountsCreated: plan.accounts.filter((a) => !a.existingId).length,
        accountsUpdated: plan.accounts.filter((a) => a.existingId).length,
        contactsCreated: plan.contacts.filter((c) => !c.existingId).length,
        contactsUpdated: plan.contacts.filter((c) => c.existingId).length,
        journeysStarted,
        invitationsSent,
        rowsRefused: plan.counts.error,
      };
      // New customer contacts are people who may be given access: the audit log says who brought them in.
      await recordAuditEvent(
        trx,
        { kind: "accounts_imported", actorId: actor.id, ip: input.ip, detail: { importId: input.importId, ...result } },
        now,
      );
      // Before this transaction locks the import's row, or the last progress write would wait on it.
      await progressWritten;
      await trx
        .updateTable("account_imports")
        .set({
          status: "done",
          processed_rows: claimed.total_rows,
          summary: JSON.stringify(result),
          finished_at: now,
        })
        .where("id", "=", input.importId)
        .execute();
      return result;
    });
    return summary;
  } catch (e) {
    // Nothing was written; the admin may confirm again once the cause is gone.
    await progressWritten.catch(() => {});
    await db.updateTable("account_imports").set({ status: "failed" }).where("id", "=", input.importId).execute();
    throw e;
  }
}
