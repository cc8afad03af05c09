// An upgrade run's progress and outcome, for the page that polls it.
import type { PlaybookUpgradeStatus } from "#db/schema";
import { isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";

export interface UpgradeRun {
  id: string;
  playbookId: string;
  toNumber: number;
  status: PlaybookUpgradeStatus;
  total: number;
  processed: number;
  upgraded: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** One run of the playbook, or with `upgradeId` null its latest run. */
export async function getUpgrade(db: DB, playbookId: string, upgradeId: string | null): Promise<UpgradeRun | null> {
  if (upgradeId !== null && !isUuid(upgradeId)) return null;
  const r = await db
    .selectFrom("playbook_upgrades as u")
    .innerJoin("playbook_versions as v", "v.id", "u.to_version_id")
    .select([
      "u.id",
      "u.playbook_id",
      "v.number",
      "u.status",
      "u.total",
      "u.processed",
      "u.upgraded",
      "u.error",
      "u.created_at",
      "u.finished_at",
    ])
    .$if(upgradeId !== null, (q) => q.where("u.id", "=", upgradeId!))
    .where("u.playbook_id", "=", playbookId)
    .orderBy("u.created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    playbookId: r.playbook_id,
    toNumber: r.number,
    status: r.status,
    total: r.total,
    processed: r.processed,
    upgraded: r.upgraded,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}
