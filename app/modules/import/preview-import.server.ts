// An admin's upload: parsed, checked, and kept with its preview until the admin
// confirms it. Nothing about accounts or contacts is written yet.
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import type { RowVerdict } from "./check-import-rows";
import { parseImportCsv } from "./parse-import-csv";
import { planImport } from "./plan-import.server";

export interface ImportPreview {
  counts: { create: number; update: number; skip: number; error: number };
  /** Rows that create or update, and the refused ones with their errors; skipped rows are only counted. */
  rows: RowVerdict[];
}

export async function previewImport(
  db: DB,
  actor: Actor,
  input: { fileName: string; bytes: Uint8Array | string; defaultTimezone: string },
  now: Date,
): Promise<{ importId: string; preview: ImportPreview }> {
  if (actor.role !== "admin") throw new NotFoundError("No such page");
  const parsed = parseImportCsv(input.bytes);
  const plan = await planImport(db, parsed, input.defaultTimezone);
  const preview: ImportPreview = { counts: plan.counts, rows: plan.rows.filter((r) => r.action !== "skip") };
  const row = await db
    .insertInto("account_imports")
    .values({
      created_by: actor.id,
      created_at: now,
      file_name: input.fileName.slice(0, 200) || "pasted.csv",
      rows: JSON.stringify(parsed),
      preview: JSON.stringify(preview),
      total_rows: parsed.length,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { importId: row.id, preview };
}
