// Comments on journey milestones, seen by the account's customers and staff
// (internal staff notes stay in milestone_events as 'note'); the people each
// comment mentions; and the notices a comment owes, which the comment-notice
// sweep turns into one digest email per person (ADR 033). Frozen once landed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("milestone_comments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("journey_id", "uuid", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
    .addColumn("milestone_id", "uuid", (c) => c.notNull().references("journey_milestones.id").onDelete("cascade"))
    .addColumn("author_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) between 1 and 2000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("milestone_comments_milestone_idx")
    .on("milestone_comments")
    .columns(["milestone_id", "created_at"])
    .execute();

  await db.schema
    .createTable("comment_mentions")
    .addColumn("comment_id", "uuid", (c) => c.notNull().references("milestone_comments.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("comment_mentions_pk", ["comment_id", "user_id"])
    .execute();

  // One row per person a comment concerns, with why; pending until the sweep
  // puts it in a digest (outbox_id) or drops it (the person opted out, left, or the account is not active).
  await db.schema
    .createTable("comment_notices")
    .addColumn("comment_id", "uuid", (c) => c.notNull().references("milestone_comments.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("reasons", sql`text[]`, (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("outbox_id", "uuid", (c) => c.references("email_outbox.id").onDelete("set null"))
    .addColumn("dropped_at", "timestamptz")
    .addColumn("drop_reason", "text")
    .addPrimaryKeyConstraint("comment_notices_pk", ["comment_id", "user_id"])
    .execute();
  await sql`create index comment_notices_pending_idx on comment_notices (user_id)
    where outbox_id is null and dropped_at is null`.execute(db);

  await sql`alter table milestone_events drop constraint milestone_events_kind_check`.execute(db);
  await sql`alter table milestone_events add constraint milestone_events_kind_check
    check (kind in ('completed', 'reopened', 'owner_changed', 'due_date_changed', 'note',
                    'added', 'not_applicable', 'applicable_again', 'commented'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table milestone_events drop constraint milestone_events_kind_check`.execute(db);
  await sql`alter table milestone_events add constraint milestone_events_kind_check
    check (kind in ('completed', 'reopened', 'owner_changed', 'due_date_changed', 'note',
                    'added', 'not_applicable', 'applicable_again'))`.execute(db);
  await db.schema.dropTable("comment_notices").execute();
  await db.schema.dropTable("comment_mentions").execute();
  await db.schema.dropTable("milestone_comments").execute();
}
