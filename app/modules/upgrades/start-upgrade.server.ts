// Starts an upgrade run: freezes the chosen journeys in a row that records its progress.
// Only admins upgrade journeys (ADR 036).
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { chooseJourneys, type UpgradeFilter } from "./choose-journeys.server";

export async function startUpgrade(
  db: DB,
  actor: Actor,
  input: { playbookId: string; toVersionId: string; filter: UpgradeFilter },
  now: Date,
): Promise<{ upgradeId: string; total: number }> {
  if (actor.role !== "admin") throw new ForbiddenError("Only admins upgrade running journeys.");
  const version = await db
    .selectFrom("playbook_versions")
    .select(["id", "number"])
    .where("id", "=", input.toVersionId)
    .where("playbook_id", "=", input.playbookId)
    .executeTakeFirst();
  if (!version) throw new NotFoundError("No such version of this playbook");
  const ids = await chooseJourneys(db, {
    playbookId: input.playbookId,
    toNumber: version.number,
    filter: input.filter,
  });
  if (ids.length === 0)
    throw new InputError("No running journey matches: every chosen journey is on this version already.");
  const { id } = await db
    .insertInto("playbook_upgrades")
    .values({
      playbook_id: input.playbookId,
      to_version_id: version.id,
      filter: JSON.stringify(input.filter),
      journey_ids: ids,
      total: ids.length,
      created_by: actor.id,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { upgradeId: id, total: ids.length };
}
