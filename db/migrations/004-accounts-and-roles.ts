// What a real customer account carries beyond the demo (its domain, segment,
// the id it has in the vendor's CRM, pausing and archiving), and the read-only
// staff role.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("accounts")
    .addColumn("domain", "text")
    .addColumn("segment", "text")
    // The account's id in the vendor's own systems; a CSV import matches rows on it.
    .addColumn("external_id", "text", (c) => c.unique())
    // When the current pause began; null unless the status is 'paused'.
    .addColumn("paused_at", "timestamptz")
    // Whole days the account has spent paused, for time-to-value figures.
    .addColumn("on_hold_days", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("archived_at", "timestamptz")
    .execute();
  await sql`alter table accounts drop constraint accounts_status_check`.execute(db);
  await sql`alter table accounts add constraint accounts_status_check
    check (status in ('active', 'paused', 'churned', 'completed'))`.execute(db);

  await sql`alter table users drop constraint users_role_check`.execute(db);
  await sql`alter table users add constraint users_role_check
    check (role in ('admin', 'csm', 'viewer', 'customer'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop constraint users_role_check`.execute(db);
  await sql`alter table users add constraint users_role_check check (role in ('admin', 'csm', 'customer'))`.execute(db);
  await sql`alter table accounts drop constraint accounts_status_check`.execute(db);
  await sql`alter table accounts add constraint accounts_status_check
    check (status in ('active', 'paused', 'churned'))`.execute(db);
  await db.schema
    .alterTable("accounts")
    .dropColumn("domain")
    .dropColumn("segment")
    .dropColumn("external_id")
    .dropColumn("paused_at")
    .dropColumn("on_hold_days")
    .dropColumn("archived_at")
    .execute();
}
