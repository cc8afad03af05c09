// Issue 12 §5 and §2 (ADR 038). A reminder the CSM sends is an ordinary outbox
// email that may wait for the recipient's working hours: `send_after` is when it
// is due, from which the provider's idempotency window counts. Its timeline entry
// is a `reminded` milestone event. Comments may be on a goal instead of a step:
// the same table, so mentions, notices and digests serve both; a goal comment
// is a `commented` goal event. Frozen once landed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("email_outbox").addColumn("send_after", "timestamptz").execute();

  await sql`alter table milestone_events drop constraint milestone_events_kind_check`.execute(db);
  await sql`alter table milestone_events add constraint milestone_events_kind_check
    check (kind in ('completed', 'reopened', 'owner_changed', 'due_date_changed', 'note',
                    'added', 'not_applicable', 'applicable_again', 'commented',
                    'upgrade_added', 'upgrade_changed', 'upgrade_removed', 'reminded'))`.execute(db);

  await db.schema
    .alterTable("milestone_comments")
    .addColumn("goal_id", "uuid", (c) => c.references("account_goals.id").onDelete("cascade"))
    .execute();
  await sql`alter table milestone_comments alter column journey_id drop not null,
    alter column milestone_id drop not null`.execute(db);
  // On a step (of its journey) or on a goal, never both, never neither.
  await sql`alter table milestone_comments add constraint milestone_comments_one_subject
    check ((milestone_id is null) = (journey_id is null) and (milestone_id is null) <> (goal_id is null))`.execute(db);
  await db.schema
    .createIndex("milestone_comments_goal_idx")
    .on("milestone_comments")
    .columns(["goal_id", "created_at"])
    .where(sql.ref("goal_id"), "is not", null)
    .execute();

  await sql`alter table goal_events drop constraint goal_events_kind_check`.execute(db);
  await sql`alter table goal_events add constraint goal_events_kind_check
    check (kind in ('created', 'edited', 'status_changed', 'result_recorded', 'milestone_linked',
                    'milestone_unlinked', 'commented'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table goal_events drop constraint goal_events_kind_check`.execute(db);
  await sql`alter table goal_events add constraint goal_events_kind_check
    check (kind in ('created', 'edited', 'status_changed', 'result_recorded', 'milestone_linked',
                    'milestone_unlinked'))`.execute(db);
  await sql`delete from milestone_comments where goal_id is not null`.execute(db);
  await sql`alter table milestone_comments drop constraint milestone_comments_one_subject`.execute(db);
  await db.schema.alterTable("milestone_comments").dropColumn("goal_id").execute();
  await sql`alter table milestone_comments alter column journey_id set not null,
    alter column milestone_id set not null`.execute(db);
  await sql`alter table milestone_events disable trigger milestone_events_no_update`.execute(db);
  await sql`delete from milestone_events where kind = 'reminded'`.execute(db);
  await sql`alter table milestone_events enable trigger milestone_events_no_update`.execute(db);
  await sql`alter table milestone_events drop constraint milestone_events_kind_check`.execute(db);
  await sql`alter table milestone_events add constraint milestone_events_kind_check
    check (kind in ('completed', 'reopened', 'owner_changed', 'due_date_changed', 'note',
                    'added', 'not_applicable', 'applicable_again', 'commented',
                    'upgrade_added', 'upgrade_changed', 'upgrade_removed'))`.execute(db);
  await db.schema.alterTable("email_outbox").dropColumn("send_after").execute();
}
