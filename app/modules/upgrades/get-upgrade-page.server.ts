// What the upgrade page shows: the playbook's versions with their running journeys, the
// choices to filter by, the per-journey preview for the chosen version, and the latest run.
import type { Actor } from "~/modules/accounts/access.server";
import { isUuid } from "~/modules/accounts/access.server";
import type { PlaybookDocument } from "~/modules/playbooks/playbook-document";
import type { DB } from "~/utils/db.server";
import { ForbiddenError, NotFoundError } from "~/utils/errors.server";
import type { UpgradeFilter } from "./choose-journeys.server";
import { getUpgrade, type UpgradeRun } from "./get-upgrade.server";
import { previewUpgrade, type UpgradePreview } from "./preview-upgrade.server";

export interface UpgradePage {
  playbook: { id: string; name: string };
  versions: { id: string; number: number; note: string; runningJourneys: number }[];
  /** The version chosen to upgrade to: the one asked for, else the latest. */
  targetId: string | null;
  csms: { id: string; name: string }[];
  accounts: { id: string; name: string }[];
  stages: { key: string; name: string }[];
  preview: UpgradePreview | null;
  run: UpgradeRun | null;
}

export async function getUpgradePage(
  db: DB,
  actor: Actor,
  input: { playbookId: string; toVersionId: string | null; filter: UpgradeFilter; progressOnly: boolean },
): Promise<UpgradePage> {
  if (actor.role !== "admin") throw new ForbiddenError("Only admins upgrade running journeys.");
  if (!isUuid(input.playbookId)) throw new NotFoundError("No such playbook");
  const playbook = await db
    .selectFrom("playbooks")
    .select(["id", "name"])
    .where("id", "=", input.playbookId)
    .executeTakeFirst();
  if (!playbook) throw new NotFoundError("No such playbook");
  const run = await getUpgrade(db, playbook.id, null);
  if (input.progressOnly) {
    return { playbook, versions: [], targetId: null, csms: [], accounts: [], stages: [], preview: null, run };
  }
  const versions = await db
    .selectFrom("playbook_versions as v")
    .select([
      "v.id",
      "v.number",
      "v.note",
      "v.document",
      (eb) =>
        eb
          .selectFrom("journeys as j")
          .select((e) => e.fn.countAll<string>().as("n"))
          .whereRef("j.playbook_version_id", "=", "v.id")
          .where("j.completed_at", "is", null)
          .as("running"),
    ])
    .where("v.playbook_id", "=", playbook.id)
    .orderBy("v.number", "desc")
    .execute();
  const target = versions.find((v) => v.id === input.toVersionId) ?? versions[0];
  if (input.toVersionId && target?.id !== input.toVersionId)
    throw new NotFoundError("No such version of this playbook");
  const people = await db
    .selectFrom("journeys as j")
    .innerJoin("accounts as a", "a.id", "j.account_id")
    .leftJoin("users as csm", "csm.id", "a.csm_id")
    .select(["a.id", "a.name", "csm.id as csm_id", "csm.name as csm_name"])
    .where("j.playbook_id", "=", playbook.id)
    .where("j.completed_at", "is", null)
    .where("a.archived_at", "is", null)
    .orderBy("a.name")
    .execute();
  const csms = new Map<string, string>();
  for (const p of people) if (p.csm_id && p.csm_name) csms.set(p.csm_id, p.csm_name);
  return {
    playbook,
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      note: v.note,
      runningJourneys: Number(v.running ?? 0),
    })),
    targetId: target?.id ?? null,
    csms: [...csms].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    accounts: people.map((p) => ({ id: p.id, name: p.name })),
    stages: target ? (target.document as PlaybookDocument).stages.map((s) => ({ key: s.key, name: s.name })) : [],
    preview: target
      ? await previewUpgrade(db, { playbookId: playbook.id, toVersionId: target.id, filter: input.filter })
      : null,
    run,
  };
}
