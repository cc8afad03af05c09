// The per-journey preview of an upgrade: what each chosen journey would gain, lose and keep.
// The plans come from the same function the apply uses, so the preview is what happens.
import type { PlaybookDocument } from "~/modules/playbooks/playbook-document";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import { chooseJourneys, type UpgradeFilter } from "./choose-journeys.server";
import { type JourneyUpgradePlan, planJourneyUpgrade } from "./plan-journey-upgrade";
import { readUpgradeStates } from "./read-upgrade-states.server";

export interface JourneyPreview {
  journeyId: string;
  accountId: string;
  accountName: string;
  csmName: string | null;
  currentStageName: string | null;
  plan: JourneyUpgradePlan;
}

export interface UpgradePreview {
  version: { id: string; number: number; note: string };
  /** Every chosen journey. */
  total: number;
  /** How many of them the upgrade changes beyond recording the version. */
  withChanges: number;
  /** The first `shown` journeys' plans. */
  journeys: JourneyPreview[];
}

/** Plans are read in chunks, so a preview of thousands of journeys keeps its memory small. */
const CHUNK = 500;

export async function previewUpgrade(
  db: DB,
  input: { playbookId: string; toVersionId: string; filter: UpgradeFilter; shown?: number },
): Promise<UpgradePreview> {
  const version = await db
    .selectFrom("playbook_versions")
    .select(["id", "number", "note", "document"])
    .where("id", "=", input.toVersionId)
    .where("playbook_id", "=", input.playbookId)
    .executeTakeFirst();
  if (!version) throw new NotFoundError("No such version of this playbook");
  const target = { number: version.number, document: version.document as PlaybookDocument };
  const ids = await chooseJourneys(db, {
    playbookId: input.playbookId,
    toNumber: version.number,
    filter: input.filter,
  });
  const shown = input.shown ?? 50;
  const journeys: JourneyPreview[] = [];
  let withChanges = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const s of await readUpgradeStates(db, ids.slice(i, i + CHUNK))) {
      const plan = planJourneyUpgrade(s, target);
      if (plan.changesWork) withChanges++;
      if (journeys.length < shown) {
        journeys.push({
          journeyId: s.journeyId,
          accountId: s.accountId,
          accountName: s.accountName,
          csmName: s.csmName,
          currentStageName: s.currentStageName,
          plan,
        });
      }
    }
  }
  return {
    version: { id: version.id, number: version.number, note: version.note },
    total: ids.length,
    withChanges,
    journeys,
  };
}
