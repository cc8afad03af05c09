// Invitations and pending people, one-time tokens (sign-in links, invitations),
// the sign-in throttle's attempts, and the audit log of security events.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // An invited person is pending until they accept (joined_at is null until
  // then). Everyone else, before and after this migration, counts as joined.
  await db.schema
    .alterTable("users")
    .addColumn("invited_at", "timestamptz")
    .addColumn("invited_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("joined_at", "timestamptz", (c) => c.defaultTo(sql`now()`))
    .execute();
  await sql`update users set joined_at = created_at`.execute(db);

  await db.schema
    .createTable("auth_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('sign_in', 'invitation')`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // SHA-256 of the token; the token itself exists only in the email.
    .addColumn("token_hash", "bytea", (c) => c.notNull().unique())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema.createIndex("auth_tokens_user_idx").on("auth_tokens").columns(["user_id", "kind"]).execute();

  await db.schema
    .createTable("auth_attempts")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    // "password:<address>", "password-ip:<ip>", "link:<address>", "link-ip:<ip>"
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("auth_attempts_key_at_idx").on("auth_attempts").columns(["key", "at"]).execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("subject_user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("account_id", "uuid", (c) => c.references("accounts.id").onDelete("set null"))
    // The address as typed, for events about no known person (a failed sign-in).
    .addColumn("email", "text")
    .addColumn("ip", "text")
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex("audit_events_at_idx").on("audit_events").column("at").execute();
  await db.schema.createIndex("audit_events_kind_at_idx").on("audit_events").columns(["kind", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["audit_events", "auth_attempts", "auth_tokens"]) await db.schema.dropTable(t).execute();
  await db.schema
    .alterTable("users")
    .dropColumn("joined_at")
    .dropColumn("invited_by")
    .dropColumn("invited_at")
    .execute();
}
