// Which running journeys an upgrade is for: those of one playbook on an older version
// than the target, all of them or filtered by version, account, CSM or current stage.
import { z } from "zod";
import type { DB } from "~/utils/db.server";

export const upgradeFilterSchema = z.object({
  /** Only journeys on this version number. */
  fromVersion: z.coerce.number().int().min(1).optional(),
  accountId: z.guid("Choose an account from the list.").optional(),
  csmId: z.guid("Choose a CSM from the list.").optional(),
  /** Only journeys whose current stage has this key. */
  stageKey: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Choose a stage from the list.")
    .optional(),
});
export type UpgradeFilter = z.infer<typeof upgradeFilterSchema>;

/**
 * Ids of the running (not completed) journeys of `playbookId` on a version older than
 * `toNumber` that match the filter, in a stable order.
 */
export async function chooseJourneys(
  db: DB,
  input: { playbookId: string; toNumber: number; filter: UpgradeFilter },
): Promise<string[]> {
  const { filter } = input;
  const rows = await db
    .selectFrom("journeys as j")
    .innerJoin("accounts as a", "a.id", "j.account_id")
    .leftJoin("playbook_versions as v", "v.id", "j.playbook_version_id")
    .select("j.id")
    .where("j.playbook_id", "=", input.playbookId)
    .where("j.completed_at", "is", null)
    .where("a.archived_at", "is", null)
    .where((eb) => eb.or([eb("v.number", "is", null), eb("v.number", "<", input.toNumber)]))
    .$if(filter.fromVersion !== undefined, (q) => q.where("v.number", "=", filter.fromVersion!))
    .$if(!!filter.accountId, (q) => q.where("a.id", "=", filter.accountId!))
    .$if(!!filter.csmId, (q) => q.where("a.csm_id", "=", filter.csmId!))
    .$if(!!filter.stageKey, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom("journey_stages as s")
            .select("s.id")
            .whereRef("s.journey_id", "=", "j.id")
            .whereRef("s.position", "=", "j.current_stage_position")
            .where("s.playbook_key", "=", filter.stageKey!),
        ),
      ),
    )
    .orderBy("a.name")
    .orderBy("j.id")
    .execute();
  return rows.map((r) => r.id);
}
