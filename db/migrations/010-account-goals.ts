// Success goals for each account (issue 12 §2): what the customer wants to
// achieve, how it is measured, by when, how it stands, and the result once
// reached. Every change is an append-only goal event for the account's
// timeline, and a journey milestone may point at the goal it reaches.
// Frozen once landed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("account_goals")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("account_id", "uuid", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("measure", "text", (c) => c.notNull())
    .addColumn("target_on", "date", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("not_started")
        .check(sql`status in ('not_started', 'on_track', 'at_risk', 'achieved', 'missed')`),
    )
    // The evidence in words; only a goal that is over (achieved or missed) has one.
    .addColumn("result", "text")
    .addColumn("result_at", "timestamptz")
    .addColumn("result_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await sql`alter table account_goals add constraint account_goals_result_when_over
    check (result is null or status in ('achieved', 'missed'))`.execute(db);
  await db.schema.createIndex("account_goals_account_idx").on("account_goals").columns(["account_id"]).execute();

  await db.schema
    .createTable("goal_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("goal_id", "uuid", (c) => c.notNull().references("account_goals.id").onDelete("cascade"))
    .addColumn("account_id", "uuid", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('created', 'edited', 'status_changed', 'result_recorded', 'milestone_linked',
          'milestone_unlinked')`),
    )
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex("goal_events_account_at_idx").on("goal_events").columns(["account_id", "at"]).execute();
  await sql`create function goal_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'goal_events is append-only'; end $$`.execute(db);
  // As for account_events: direct statements are refused, cascades still run.
  await sql`create trigger goal_events_no_update before update or delete on goal_events
    for each row when (pg_trigger_depth() = 0) execute function goal_events_append_only()`.execute(db);

  await db.schema
    .alterTable("journey_milestones")
    .addColumn("goal_id", "uuid", (c) => c.references("account_goals.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("journey_milestones_goal_idx").on("journey_milestones").columns(["goal_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("journey_milestones").dropColumn("goal_id").execute();
  await db.schema.dropTable("goal_events").execute();
  await sql`drop function if exists goal_events_append_only cascade`.execute(db);
  await db.schema.dropTable("account_goals").execute();
}
