// What upgrading one running journey to a newer playbook version changes and keeps,
// decided by key from the journey's own rows (not from the two versions), so a plan
// for a journey already upgraded is empty (ADR 036). Pure: previews and apply share it.
import type { DueFrom, DueOffsetKind, MilestoneStatus, MilestoneVisibility } from "#db/schema";
import type { PlaybookDocument, PlaybookMilestone } from "~/modules/playbooks/playbook-document";

export interface UpgradeJourneyStage {
  id: string;
  position: number;
  key: string | null;
  name: string;
}

export interface UpgradeJourneyMilestone {
  id: string;
  stageId: string;
  key: string | null;
  title: string;
  description: string;
  required: boolean;
  status: MilestoneStatus;
  dueOffsetDays: number | null;
  dueOffsetKind: DueOffsetKind;
  dueFrom: DueFrom;
  visibility: MilestoneVisibility;
  firstValue: boolean;
  /** Added by staff to this journey alone. */
  addedHere: boolean;
  /** Its owner or due date was changed on this journey (an event says so). */
  ownerChangedHere: boolean;
  dueChangedHere: boolean;
}

export interface UpgradeJourneyState {
  journeyId: string;
  segment: string | null;
  currentStagePosition: number;
  versionNumber: number | null;
  stages: UpgradeJourneyStage[];
  milestones: UpgradeJourneyMilestone[];
}

/** The fields of a milestone an upgrade brings to an open step. */
export const UPGRADED_FIELDS = [
  "title",
  "description",
  "required",
  "dueOffsetDays",
  "dueOffsetKind",
  "dueFrom",
  "visibility",
  "firstValue",
] as const;
export type UpgradedField = (typeof UPGRADED_FIELDS)[number];

export interface FieldChange {
  field: UpgradedField;
  from: string | number | boolean | null;
  to: string | number | boolean | null;
}

export interface PlannedAddition {
  key: string;
  title: string;
  stageName: string;
  required: boolean;
  /** In a stage the journey has already passed: open work, but the journey stays where it is. */
  inPassedStage: boolean;
}

export interface PlannedChange {
  milestoneId: string;
  key: string;
  title: string;
  changes: FieldChange[];
  /** The due date is recounted from the new offset (unless it was changed on this journey). */
  recountDue: boolean;
}

export interface PlannedRemoval {
  milestoneId: string;
  key: string;
  title: string;
  /** open: marked not needed with the version as the reason; done and not applicable stay as they are. */
  outcome: "marked_not_needed" | "kept_done" | "kept_not_applicable";
}

export interface JourneyUpgradePlan {
  journeyId: string;
  fromNumber: number | null;
  toNumber: number;
  added: PlannedAddition[];
  changed: PlannedChange[];
  removed: PlannedRemoval[];
  /** Version milestones this journey cannot take: their stage is not in the journey. */
  skipped: { key: string; title: string; stageName: string }[];
  kept: {
    done: string[];
    addedHere: string[];
    ownerChangedHere: string[];
    dueChangedHere: string[];
    notApplicable: string[];
  };
  /** True when applying writes anything besides recording the version. */
  changesWork: boolean;
}

function segmentAllows(m: PlaybookMilestone, segment: string | null): boolean {
  return !m.segments || (segment !== null && m.segments.includes(segment));
}

const versionValue = (m: PlaybookMilestone, f: UpgradedField) => m[f];
const journeyValue = (m: UpgradeJourneyMilestone, f: UpgradedField) => m[f];

export function planJourneyUpgrade(
  journey: UpgradeJourneyState,
  target: { number: number; document: PlaybookDocument },
): JourneyUpgradePlan {
  const stageByKey = new Map(journey.stages.filter((s) => s.key).map((s) => [s.key as string, s]));
  const held = new Map(journey.milestones.filter((m) => m.key).map((m) => [m.key as string, m]));
  const wanted = new Map<string, { m: PlaybookMilestone; stageKey: string; stageName: string }>();
  for (const stage of target.document.stages) {
    for (const m of stage.milestones) {
      if (segmentAllows(m, journey.segment)) wanted.set(m.key, { m, stageKey: stage.key, stageName: stage.name });
    }
  }

  const plan: JourneyUpgradePlan = {
    journeyId: journey.journeyId,
    fromNumber: journey.versionNumber,
    toNumber: target.number,
    added: [],
    changed: [],
    removed: [],
    skipped: [],
    kept: { done: [], addedHere: [], ownerChangedHere: [], dueChangedHere: [], notApplicable: [] },
    changesWork: false,
  };

  for (const [key, { m, stageKey, stageName }] of wanted) {
    const mine = held.get(key);
    if (!mine) {
      const stage = stageByKey.get(stageKey);
      if (!stage) plan.skipped.push({ key, title: m.title, stageName });
      else {
        plan.added.push({
          key,
          title: m.title,
          stageName: stage.name,
          required: m.required,
          inPassedStage: stage.position < journey.currentStagePosition,
        });
      }
      continue;
    }
    // Done and not-applicable steps are history: the upgrade leaves them as they are.
    if (mine.status !== "open") continue;
    const changes: FieldChange[] = [];
    for (const f of UPGRADED_FIELDS) {
      const from = journeyValue(mine, f);
      const to = versionValue(m, f);
      if (from !== to) changes.push({ field: f, from, to });
    }
    if (changes.length > 0) {
      const dueFieldChanged = changes.some((c) => c.field.startsWith("due"));
      plan.changed.push({
        milestoneId: mine.id,
        key,
        title: m.title,
        changes,
        recountDue: dueFieldChanged && !mine.dueChangedHere,
      });
    }
  }

  for (const mine of journey.milestones) {
    if (mine.addedHere) plan.kept.addedHere.push(mine.title);
    if (mine.status === "done") plan.kept.done.push(mine.title);
    if (mine.status === "not_applicable") plan.kept.notApplicable.push(mine.title);
    if (mine.ownerChangedHere) plan.kept.ownerChangedHere.push(mine.title);
    if (mine.dueChangedHere) plan.kept.dueChangedHere.push(mine.title);
    if (mine.key && !wanted.has(mine.key) && !mine.addedHere) {
      plan.removed.push({
        milestoneId: mine.id,
        key: mine.key,
        title: mine.title,
        outcome:
          mine.status === "open" ? "marked_not_needed" : mine.status === "done" ? "kept_done" : "kept_not_applicable",
      });
    }
  }
  plan.changesWork =
    plan.added.length > 0 || plan.changed.length > 0 || plan.removed.some((r) => r.outcome === "marked_not_needed");
  return plan;
}
