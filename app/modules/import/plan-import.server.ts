// Looks up what the database holds for a file's ids and addresses (a constant
// number of queries, whatever the file's size) and checks the rows against it.
import type { Transaction } from "kysely";
import { sql } from "kysely";
import type { Database } from "#db/schema";
import type { DB } from "~/utils/db.server";
import { checkImportRows, type ImportLookups, type ImportPlan } from "./check-import-rows";
import type { ParsedRow } from "./parse-import-csv";

export async function planImport(
  db: DB | Transaction<Database>,
  parsed: ParsedRow[],
  defaultTimezone: string,
): Promise<ImportPlan> {
  const externalIds = [...new Set(parsed.flatMap((p) => (p.record.external_id ? [p.record.external_id] : [])))];
  const emails = [
    ...new Set(parsed.flatMap((p) => (p.record.contact_email ? [p.record.contact_email.toLowerCase()] : []))),
  ];
  const [staff, playbooks, accounts, people] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "email"])
      .where("role", "in", ["admin", "csm"])
      .where("deactivated_at", "is", null)
      .execute(),
    // Only a playbook with a published version can start a journey (ADR 030); an archived one cannot (ADR 035).
    db
      .selectFrom("playbooks as p")
      .select(["p.id", "p.name", "p.archived_at"])
      .where((eb) =>
        eb.exists(eb.selectFrom("playbook_versions as v").select("v.id").whereRef("v.playbook_id", "=", "p.id")),
      )
      .execute(),
    externalIds.length
      ? db
          .selectFrom("accounts as a")
          .select([
            "a.id",
            "a.external_id",
            "a.name",
            "a.domain",
            "a.segment",
            "a.timezone",
            "a.csm_id",
            sql<boolean>`exists (select 1 from journeys j where j.account_id = a.id)`.as("has_journey"),
          ])
          .where(sql<boolean>`a.external_id = any(${externalIds}::text[])`)
          .execute()
      : [],
    emails.length
      ? db
          .selectFrom("users")
          .select(["id", "email", "role", "account_id", "name", "job_title"])
          .where(sql<boolean>`lower(email) = any(${emails}::text[])`)
          .execute()
      : [],
  ]);
  const lookups: ImportLookups = {
    csmIdByEmail: new Map(staff.map((s) => [s.email.toLowerCase(), s.id])),
    playbookIdByName: new Map(playbooks.filter((p) => !p.archived_at).map((p) => [p.name.toLowerCase(), p.id])),
    archivedPlaybookNames: new Set(playbooks.filter((p) => p.archived_at).map((p) => p.name.toLowerCase())),
    accountsByExternalId: new Map(accounts.map((a) => [a.external_id!, a])),
    peopleByEmail: new Map(people.map((p) => [p.email.toLowerCase(), p])),
    defaultTimezone,
  };
  return checkImportRows(parsed, lookups);
}
