// Runs an upgrade in batches: each batch is one transaction, and the run's row records how
// many journeys are done after each, so a page shows progress while it runs (ADR 036).
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import { applyJourneyUpgrades, type UpgradeBatchResult } from "./apply-journey-upgrades.server";

/** Journeys per transaction: small enough that a batch holds its locks briefly. */
export const UPGRADE_BATCH = 100;

export async function runUpgrade(
  db: DB,
  upgradeId: string,
  now: () => Date,
  batchSize = UPGRADE_BATCH,
): Promise<UpgradeBatchResult> {
  const run = await db
    .selectFrom("playbook_upgrades")
    .select(["id", "to_version_id", "journey_ids", "created_by", "status", "processed"])
    .where("id", "=", upgradeId)
    .executeTakeFirst();
  if (!run) throw new NotFoundError("No such upgrade");
  const total: UpgradeBatchResult = {
    upgraded: 0,
    skipped: 0,
    milestonesAdded: 0,
    milestonesChanged: 0,
    milestonesRetired: 0,
    stagesAdded: 0,
    stagesChanged: 0,
  };
  if (run.status !== "running") return total;
  try {
    // A run picked up again starts where it stopped; a repeat of a done batch changes nothing anyway.
    for (let i = run.processed; i < run.journey_ids.length; i += batchSize) {
      const batch = run.journey_ids.slice(i, i + batchSize);
      const r = await db.transaction().execute(async (trx) => {
        const r = await applyJourneyUpgrades(
          trx,
          { journeyIds: batch, toVersionId: run.to_version_id, actorId: run.created_by, upgradeId },
          now(),
        );
        await trx
          .updateTable("playbook_upgrades")
          .set((eb) => ({ processed: i + batch.length, upgraded: eb("upgraded", "+", r.upgraded) }))
          .where("id", "=", upgradeId)
          .execute();
        return r;
      });
      for (const k of Object.keys(total) as (keyof UpgradeBatchResult)[]) total[k] += r[k];
    }
    await db
      .updateTable("playbook_upgrades")
      .set({ status: "done", finished_at: now() })
      .where("id", "=", upgradeId)
      .execute();
    return total;
  } catch (e) {
    await db
      .updateTable("playbook_upgrades")
      .set({
        status: "failed",
        error: e instanceof Error ? e.message.slice(0, 500) : "Unknown error",
        finished_at: now(),
      })
      .where("id", "=", upgradeId)
      .execute();
    throw e;
  }
}
