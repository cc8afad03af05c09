// Accounts, people, sessions, playbooks and the journeys copied from them.
// Frozen in time: later changes go in new numbered migrations.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pgcrypto`.execute(db).catch(() => undefined);

  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'csm', 'customer')`))
    .addColumn("team_function", "text", (c) =>
      c.check(sql`team_function in ('sales', 'onboarding', 'csm', 'support', 'account_manager')`),
    )
    .addColumn("job_title", "text")
    .addColumn("account_id", "uuid")
    .addColumn("password_hash", "text")
    .addColumn("timezone", "text", (c) => c.notNull().defaultTo("UTC"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_seen_at", "timestamptz")
    .addColumn("deactivated_at", "timestamptz")
    .execute();
  await sql`create unique index users_email_lower_key on users (lower(email))`.execute(db);

  await db.schema
    .createTable("accounts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("csm_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("started_on", "date", (c) => c.notNull())
    .addColumn("timezone", "text", (c) => c.notNull().defaultTo("UTC"))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("active").check(sql`status in ('active', 'paused', 'churned')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("accounts_csm_id_idx").on("accounts").column("csm_id").execute();

  await db.schema
    .alterTable("users")
    .addForeignKeyConstraint("users_account_id_fkey", ["account_id"], "accounts", ["id"], (c) => c.onDelete("cascade"))
    .execute();
  await sql`alter table users add constraint users_customer_has_account
    check ((role = 'customer') = (account_id is not null))`.execute(db);
  await db.schema.createIndex("users_account_id_idx").on("users").column("account_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("secret_hash", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_verified_at", "timestamptz", (c) => c.notNull())
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_user_id_idx").on("sessions").column("user_id").execute();
  await db.schema.createIndex("sessions_last_verified_at_idx").on("sessions").column("last_verified_at").execute();

  await db.schema
    .createTable("playbooks")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("playbook_stages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("playbook_id", "uuid", (c) => c.notNull().references("playbooks.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addUniqueConstraint("playbook_stages_position_key", ["playbook_id", "position"])
    .execute();

  const ownerColumns = (t: any) =>
    t
      .addColumn("owner_side", "text", (c: any) => c.notNull().check(sql`owner_side in ('customer', 'vendor')`))
      .addColumn("owner_role", "text", (c: any) => c.notNull());

  await ownerColumns(
    db.schema
      .createTable("playbook_milestones")
      .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn("stage_id", "uuid", (c) => c.notNull().references("playbook_stages.id").onDelete("cascade"))
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull().defaultTo("")),
  )
    .addColumn("due_offset_days", "integer", (c: any) => c.notNull())
    .addColumn("required", "boolean", (c: any) => c.notNull().defaultTo(true))
    .addUniqueConstraint("playbook_milestones_position_key", ["stage_id", "position"])
    .execute();

  await db.schema
    .createTable("playbook_resources")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("milestone_id", "uuid", (c) => c.notNull().references("playbook_milestones.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('guide', 'video', 'webinar', 'course')`))
    .addColumn("minutes", "integer", (c) => c.notNull())
    .execute();

  // A journey is a snapshot of its playbook: editing the playbook later never
  // rewrites a running journey, so stages, milestones and resources are copied.
  await db.schema
    .createTable("journeys")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("account_id", "uuid", (c) => c.notNull().unique().references("accounts.id").onDelete("cascade"))
    .addColumn("playbook_id", "uuid", (c) => c.references("playbooks.id").onDelete("set null"))
    .addColumn("playbook_name", "text", (c) => c.notNull())
    .addColumn("started_on", "date", (c) => c.notNull())
    .addColumn("current_stage_position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("completed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("journey_stages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("journey_id", "uuid", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("entered_at", "timestamptz")
    .addUniqueConstraint("journey_stages_position_key", ["journey_id", "position"])
    .execute();

  await ownerColumns(
    db.schema
      .createTable("journey_milestones")
      .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn("journey_id", "uuid", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
      .addColumn("stage_id", "uuid", (c) => c.notNull().references("journey_stages.id").onDelete("cascade"))
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull().defaultTo("")),
  )
    .addColumn("owner_user_id", "uuid", (c: any) => c.references("users.id").onDelete("set null"))
    .addColumn("required", "boolean", (c: any) => c.notNull())
    .addColumn("due_on", "date", (c: any) => c.notNull())
    .addColumn("status", "text", (c: any) => c.notNull().defaultTo("open").check(sql`status in ('open', 'done')`))
    .addColumn("completed_at", "timestamptz")
    .addColumn("completed_by", "uuid", (c: any) => c.references("users.id").onDelete("set null"))
    .addUniqueConstraint("journey_milestones_position_key", ["stage_id", "position"])
    .execute();
  await db.schema
    .createIndex("journey_milestones_journey_idx")
    .on("journey_milestones")
    .columns(["journey_id", "status"])
    .execute();
  await sql`create index journey_milestones_open_due_idx on journey_milestones (due_on)
    where status = 'open'`.execute(db);
  await db.schema
    .createIndex("journey_milestones_owner_idx")
    .on("journey_milestones")
    .column("owner_user_id")
    .execute();

  await db.schema
    .createTable("journey_resources")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("milestone_id", "uuid", (c) => c.notNull().references("journey_milestones.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("minutes", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("journey_resources_milestone_idx")
    .on("journey_resources")
    .column("milestone_id")
    .execute();

  // Append-only: the application never updates or deletes these rows.
  await db.schema
    .createTable("milestone_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("journey_id", "uuid", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
    .addColumn("milestone_id", "uuid", (c) => c.notNull().references("journey_milestones.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('completed', 'reopened', 'owner_changed', 'due_date_changed', 'note')`),
    )
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .createIndex("milestone_events_journey_at_idx")
    .on("milestone_events")
    .columns(["journey_id", "at"])
    .execute();
  await sql`create function milestone_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'milestone_events is append-only'; end $$`.execute(db);
  await sql`create trigger milestone_events_no_update before update or delete on milestone_events
    for each row execute function milestone_events_append_only()`.execute(db);

  await db.schema
    .createTable("stage_transitions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("journey_id", "uuid", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
    .addColumn("stage_id", "uuid", (c) => c.notNull().references("journey_stages.id").onDelete("cascade"))
    .addColumn("from_stage_id", "uuid", (c) => c.references("journey_stages.id").onDelete("set null"))
    .addColumn("entered_at", "timestamptz", (c) => c.notNull())
    .addColumn("cause_event_id", "bigint", (c) => c.references("milestone_events.id"))
    .addUniqueConstraint("stage_transitions_once_key", ["journey_id", "stage_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "stage_transitions",
    "milestone_events",
    "journey_resources",
    "journey_milestones",
    "journey_stages",
    "journeys",
    "playbook_resources",
    "playbook_milestones",
    "playbook_stages",
    "playbooks",
    "sessions",
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await sql`drop function if exists milestone_events_append_only cascade`.execute(db);
  await sql`alter table users drop constraint users_account_id_fkey`.execute(db);
  await db.schema.dropTable("accounts").execute();
  await db.schema.dropTable("users").execute();
}
