// Index for the insights figures (ADR 041): time to first value reads only the steps of the
// first-value keys (one in thirty), found by key rather than by a scan of every step.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("journey_milestones_playbook_key_idx")
    .on("journey_milestones")
    .column("playbook_key")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("journey_milestones_playbook_key_idx").execute();
}
