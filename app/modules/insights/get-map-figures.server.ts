// The living map's figures (issue 13, ADR 043): the insights panels for one published version of
// one playbook, regrouped by stage key and milestone key so the journey map can show them in place.
import { PULSE_FEELINGS, type PulseFeeling } from "#db/schema";
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { getAccountHealth } from "./get-account-health.server";
import { getBottleneckMilestones } from "./get-bottleneck-milestones.server";
import { getStageFunnel } from "./get-stage-funnel.server";
import { getVoiceOfCustomer } from "./get-voice-of-customer.server";
import type { Health } from "./health-rule";
import type { InsightsFilter } from "./insights-filter";
import { assertMaySeeInsights } from "./insights-scope.server";

export interface StageFigures {
  /** Running journeys whose current stage this is, by health. */
  now: Record<Health, number>;
  entered: number;
  completed: number;
  conversion: number | null;
  medianDays: number | null;
  p75Days: number | null;
  expectedDays: number | null;
  /** Stage survey answers, and their mean score 1..5 (null without answers). */
  answers: number;
  csatMean: number | null;
  /** The feelings named most often (several on a tie); empty when none was given. */
  commonFeelings: PulseFeeling[];
  /** How many answers named each of `commonFeelings`. */
  commonFeelingCount: number;
}

export interface MilestoneFigures {
  done: number;
  onTime: number;
  onTimeRate: number | null;
  /** Times its closing was the last before its stage moved on. */
  heldStage: number;
}

export interface MapFigures {
  /** Every stage key of the journeys in scope; a stage no journey reached has zeros. */
  stages: Record<string, StageFigures>;
  /** Milestone keys that some journey in scope holds. */
  milestones: Record<string, MilestoneFigures>;
}

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
    stages[key] ??= {
      now: { on_track: 0, behind: 0, stuck: 0 },
      entered: 0,
      completed: 0,
      conversion: null,
      medianDays: null,
      p75Days: null,
      expectedDays: null,
      answers: 0,
      csatMean: null,
      commonFeelings: [],
      commonFeelingCount: 0,
    };
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
