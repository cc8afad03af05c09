// A CSV import of accounts and contacts: the checked rows wait here between the
// preview and the admin's confirmation, and the run writes its progress here
// so that the page can show it while the import's transaction is still open.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("account_imports")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    // The file's rows as parsed, with their line numbers: the confirmation checks them again.
    .addColumn("rows", "jsonb", (c) => c.notNull())
    // What the preview found, kept so the page shows the same figures the admin confirmed.
    .addColumn("preview", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("previewed").check(sql`status in ('previewed', 'running', 'done', 'failed')`),
    )
    .addColumn("total_rows", "integer", (c) => c.notNull())
    .addColumn("processed_rows", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("summary", "jsonb")
    .addColumn("finished_at", "timestamptz")
    .execute();
  await db.schema.createIndex("account_imports_created_at_idx").on("account_imports").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("account_imports").execute();
}
