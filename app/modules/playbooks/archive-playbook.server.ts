// Archives a playbook, or brings it back. An archived playbook is not offered to
// start journeys (new accounts, the CSV import); the journeys it started run on,
// on the versions they record, and it can still be read, edited and published (ADR 035).
import type { Kysely } from "kysely";
import type { Database, Role } from "#db/schema";
import { NotFoundError } from "~/utils/errors.server";
import { assertMayEditPlaybooks } from "./playbook-editors";

export async function setPlaybookArchived(
  db: Kysely<Database>,
  actor: { role: Role },
  input: { playbookId: string; archived: boolean },
  now: Date,
): Promise<{ name: string; changed: boolean }> {
  assertMayEditPlaybooks(actor);
  const playbook = await db
    .selectFrom("playbooks")
    .select(["name", "archived_at"])
    .where("id", "=", input.playbookId)
    .executeTakeFirst();
  if (!playbook) throw new NotFoundError("No such playbook.");
  // Archiving again keeps the first date; only a change is written.
  const changed = await db
    .updateTable("playbooks")
    .set({ archived_at: input.archived ? now : null })
    .where("id", "=", input.playbookId)
    .where("archived_at", input.archived ? "is" : "is not", null)
    .executeTakeFirst();
  return { name: playbook.name, changed: Number(changed.numUpdatedRows) > 0 };
}
