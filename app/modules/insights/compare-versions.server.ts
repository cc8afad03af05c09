// Versions compared (issue 13): the same figures for two published versions of one playbook,
// side by side, so a change to the playbook can be judged by what it did.
import { type Actor, isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { InputError } from "~/utils/errors.server";
import type { BottleneckMilestone } from "./get-bottleneck-milestones.server";
import type { DelaySplit } from "./get-delay-by-side.server";
import type { FunnelStage } from "./get-stage-funnel.server";
import type { FirstValueRow } from "./get-time-to-first-value.server";
import type { VoiceOfCustomer } from "./get-voice-of-customer.server";
import type { Health } from "./health-rule";
import type { InsightsFilter } from "./insights-filter";
import { readPanels } from "./read-panels.server";

export interface VersionFigures {
  versionId: string;
  versionNumber: number;
  funnel: FunnelStage[];
  health: Record<Health, number>;
  /** Every cohort of the version together; null when no journey of it has a first-value milestone. */
  firstValue: FirstValueRow | null;
  bottlenecks: BottleneckMilestone[];
  delay: DelaySplit;
  voice: VoiceOfCustomer;
}

export interface VersionsCompared {
  playbookId: string;
  a: VersionFigures;
  b: VersionFigures;
}

/**
 * Both versions must belong to `playbookId`; the rest of the filter (CSM, segment, cohort, period)
 * applies to both sides alike. Docs: docs/metrics.md § Versions compared.
 */
export async function compareVersions(
  db: DB,
  actor: Actor,
  input: { playbookId: string; versionA: string; versionB: string; filter?: InsightsFilter },
  now: Date,
): Promise<VersionsCompared> {
  for (const field of ["playbookId", "versionA", "versionB"] as const) {
    if (!isUuid(input[field])) throw new InputError("Choose a playbook and two of its published versions.", field);
  }
  if (input.versionA === input.versionB) throw new InputError("Choose two different versions to compare.", "versionB");
  const versions = await db
    .selectFrom("playbook_versions")
    .select(["id", "number"])
    .where("playbook_id", "=", input.playbookId)
    .where("id", "in", [input.versionA, input.versionB])
    .execute();
  const numberOf = new Map(versions.map((v) => [v.id, v.number]));
  for (const [field, id] of [
    ["versionA", input.versionA],
    ["versionB", input.versionB],
  ] as const) {
    if (!numberOf.has(id)) throw new InputError("That version is not a published version of this playbook.", field);
  }
  const side = async (versionId: string): Promise<VersionFigures> => {
    const filter = { ...input.filter, playbookId: input.playbookId, versionId };
    const { funnel, health, firstValue, bottlenecks, delay, voice } = await readPanels(db, actor, filter, now);
    return {
      versionId,
      versionNumber: numberOf.get(versionId)!,
      funnel,
      health: health.counts,
      firstValue: firstValue.find((r) => r.cohort === null) ?? null,
      bottlenecks,
      delay: delay.total,
      voice,
    };
  };
  const [a, b] = await Promise.all([side(input.versionA), side(input.versionB)]);
  return { playbookId: input.playbookId, a, b };
}
