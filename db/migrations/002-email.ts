// The email outbox, the nudge history behind the three-day rule, suppressed
// addresses, webhook receipts, notification preferences and the signing secret.
import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("nudges_enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema
    .alterTable("users")
    .addColumn("lifecycle_emails_enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .createTable("email_outbox")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // One cause, one row: a transition or a sweep that runs twice finds its row taken.
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("recipient_user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("to_email", "text", (c) => c.notNull())
    .addColumn("account_id", "uuid", (c) => c.references("accounts.id").onDelete("cascade"))
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("subject", "text")
    .addColumn("html", "text")
    .addColumn("text", "text")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("queued")
        .check(
          sql`status in ('queued', 'sending', 'retrying', 'sent', 'delivered', 'kept', 'failed', 'bounced', 'complained', 'skipped')`,
        ),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("provider_id", "text")
    .addColumn("claimed_until", "timestamptz")
    .addColumn("next_attempt_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("email_outbox_created_idx").on("email_outbox").column("created_at").execute();
  await db.schema
    .createIndex("email_outbox_account_idx")
    .on("email_outbox")
    .columns(["account_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("email_outbox_recipient_idx")
    .on("email_outbox")
    .columns(["recipient_user_id", "created_at"])
    .execute();
  await sql`create index email_outbox_provider_idx on email_outbox (provider_id)
    where provider_id is not null`.execute(db);
  // The recovery sweep looks only at rows still in flight.
  await sql`create index email_outbox_pending_idx on email_outbox (updated_at)
    where status in ('queued', 'sending', 'retrying')`.execute(db);

  // One row per milestone per nudge email: the three-day rule reads it.
  await db.schema
    .createTable("nudged_milestones")
    .addColumn("outbox_id", "uuid", (c) => c.notNull().references("email_outbox.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("milestone_id", "uuid", (c) => c.notNull().references("journey_milestones.id").onDelete("cascade"))
    .addColumn("nudged_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("nudged_milestones_pkey", ["outbox_id", "milestone_id"])
    .execute();
  await db.schema
    .createIndex("nudged_milestones_recent_idx")
    .on("nudged_milestones")
    .columns(["milestone_id", "user_id", "nudged_at"])
    .execute();

  await db.schema
    .createTable("email_suppressions")
    .addColumn("email", "text", (c) => c.primaryKey())
    .addColumn("reason", "text", (c) => c.notNull().check(sql`reason in ('bounced', 'complained')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("webhook_receipts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull())
    .execute();

  // Signs unsubscribe and "mark as done" links. Kept in the database so every
  // web and worker process agrees on it without configuration.
  await db.schema
    .createTable("app_secrets")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
  await db
    .insertInto("app_secrets")
    .values({ name: "link_signing", value: randomBytes(32).toString("base64url") })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["app_secrets", "webhook_receipts", "email_suppressions", "nudged_milestones", "email_outbox"]) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable("users").dropColumn("lifecycle_emails_enabled").execute();
  await db.schema.alterTable("users").dropColumn("nudges_enabled").execute();
}
