// Indexes for the insights figures (issue 13, ADR 039): a milestone's events in time order (the
// step that held its stage, open spells), and the few events that split a late step's days.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("milestone_events_milestone_at_idx")
    .on("milestone_events")
    .columns(["milestone_id", "at"])
    .execute();
  await sql`create index milestone_events_spell_changes_idx on milestone_events (milestone_id)
    where kind in ('reopened', 'applicable_again', 'owner_changed')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("milestone_events_spell_changes_idx").execute();
  await db.schema.dropIndex("milestone_events_milestone_at_idx").execute();
}
