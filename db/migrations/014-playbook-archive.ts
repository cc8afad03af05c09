// Archiving a playbook (ADR 035): an archived playbook is no longer offered to
// start journeys (new accounts, imports), but the journeys it started run on and
// it can be brought back. Frozen once landed.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("playbooks").addColumn("archived_at", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("playbooks").dropColumn("archived_at").execute();
}
