// What happens to an account as a whole (created, renamed, CSM or timezone
// changed, paused, resumed, churned, completed, archived, restored): its own
// append-only history, shown in the account's timeline beside milestone events,
// which need a milestone and so cannot hold these.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("account_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("account_id", "uuid", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('created', 'renamed', 'csm_changed', 'timezone_changed', 'status_changed',
        'archived', 'restored')`),
    )
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .createIndex("account_events_account_at_idx")
    .on("account_events")
    .columns(["account_id", "at"])
    .execute();
  await sql`create function account_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'account_events is append-only'; end $$`.execute(db);
  // Only direct statements are refused: a deleted account or person still
  // cascades (their foreign keys act from inside a trigger, at depth 1).
  await sql`create trigger account_events_no_update before update or delete on account_events
    for each row when (pg_trigger_depth() = 0) execute function account_events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("account_events").execute();
  await sql`drop function if exists account_events_append_only cascade`.execute(db);
}
