// Upgrades the chosen journeys: starts a run (its progress row) and works through it in
// batches. The page polls the run's row meanwhile, as the CSV import's page does.
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import type { UpgradeBatchResult } from "./apply-journey-upgrades.server";
import type { UpgradeFilter } from "./choose-journeys.server";
import { runUpgrade } from "./run-upgrade.server";
import { startUpgrade } from "./start-upgrade.server";

export async function upgradeJourneys(
  db: DB,
  actor: Actor,
  input: { playbookId: string; toVersionId: string; filter: UpgradeFilter },
  now: () => Date,
): Promise<UpgradeBatchResult & { upgradeId: string; total: number }> {
  const { upgradeId, total } = await startUpgrade(db, actor, input, now());
  const result = await runUpgrade(db, upgradeId, now);
  return { ...result, upgradeId, total };
}
