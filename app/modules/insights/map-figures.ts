// The living map's figures as the page reads them (ADR 043): their shapes, and a stage's figures
// before any journey has reached it. Plain, so the map's component can use them in the browser too.
import type { PulseFeeling } from "#db/schema";
import type { Health } from "./health-rule";

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

/** A stage's figures before any journey in scope has reached it: zeros and no figure. */
export function noStageFigures(): StageFigures {
  return {
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
}
