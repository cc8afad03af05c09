// What the import page shows: an upload's preview, its progress while it runs,
// and its summary once done. Admins only.
import type { AccountImportStatus } from "#db/schema";
import type { Actor } from "~/modules/accounts/access.server";
import { isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import type { ImportPreview } from "./preview-import.server";
import type { ImportSummary } from "./run-import.server";

export interface ImportView {
  id: string;
  fileName: string;
  createdAt: Date;
  status: AccountImportStatus;
  totalRows: number;
  processedRows: number;
  preview: ImportPreview;
  summary: ImportSummary | null;
}

export async function getImport(db: DB, actor: Actor, importId: string): Promise<ImportView> {
  if (actor.role !== "admin" || !isUuid(importId)) throw new NotFoundError("No such import");
  const row = await db
    .selectFrom("account_imports")
    .select(["id", "file_name", "created_at", "status", "total_rows", "processed_rows", "preview", "summary"])
    .where("id", "=", importId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("No such import");
  return {
    id: row.id,
    fileName: row.file_name,
    createdAt: row.created_at,
    status: row.status,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    preview: row.preview as unknown as ImportPreview,
    summary: row.summary as unknown as ImportSummary | null,
  };
}

/** The latest imports, newest first, for the upload page. */
export async function listImports(db: DB, actor: Actor, limit = 10) {
  if (actor.role !== "admin") throw new NotFoundError("No such page");
  return db
    .selectFrom("account_imports")
    .select(["id", "file_name", "created_at", "status", "total_rows"])
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
}
