// The living map's figures (issue 13, ADR 043): the insights panels for one published version of
// one playbook, regrouped by stage key and milestone key so the journey map can show them in place.
import { PULSE_FEELINGS } from "#db/schema";
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { getAccountHealth } from "./get-account-health.server";
import { getBottleneckMilestones } from "./get-bottleneck-milestones.server";
import { getStageFunnel } from "./get-stage-funnel.server";
import { getVoiceOfCustomer } from "./get-voice-of-customer.server";
import type { InsightsFilter } from "./insights-filter";
import { assertMaySeeInsights } from "./insights-scope.server";
import { type MapFigures, type MilestoneFigures, noStageFigures, type StageFigures } from "./map-figures";

export type { MapFigures, MilestoneFigures, StageFigures };

/** The figures of `filter`'s version (ADR 043): the same queries, the same scope as /insights. */
export async function getMapFigures(
  db: DB,
  actor: Actor,
  filter: Required<Pick<InsightsFilter, "playbookId" | "versionId">>,
  now: Date,
): Promise<MapFigures> {
  assertMaySeeInsights(actor);
  const only: InsightsFilter = { playbookId: filter.playbookId, versionId: filter.versionId };
  const [funnel, health, bottlenecks, voice] = await Promise.all([
    getStageFunnel(db, actor, only, now),
    getAccountHealth(db, actor, only, now),
    getBottleneckMilestones(db, actor, only, now),
    getVoiceOfCustomer(db, actor, only, now),
  ]);

  const stages: Record<string, StageFigures> = {};
  const stage = (key: string): StageFigures => {
    stages[key] ??= noStageFigures();
    return stages[key];
  };
  for (const f of funnel) {
    Object.assign(stage(f.key), {
      entered: f.entered,
      completed: f.completed,
      conversion: f.conversion,
      medianDays: f.medianDays,
      p75Days: f.p75Days,
      expectedDays: f.expectedDays,
    });
  }
  for (const a of health.accounts) stage(a.stageKey).now[a.health]++;
  for (const v of voice.stages) {
    const most = Math.max(0, ...PULSE_FEELINGS.map((f) => v.feelings[f]));
    Object.assign(stage(v.key), {
      answers: v.answers,
      csatMean: v.csatMean,
      commonFeelings: most === 0 ? [] : PULSE_FEELINGS.filter((f) => v.feelings[f] === most),
      commonFeelingCount: most,
    });
  }

  const milestones: Record<string, MilestoneFigures> = {};
  for (const b of bottlenecks) {
    milestones[b.key] = { done: b.done, onTime: b.onTime, onTimeRate: b.onTimeRate, heldStage: b.heldStage };
  }
  return { stages, milestones };
}
