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
  description: string;
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

export interface PlannedStage {
  key: string;
  name: string;
  description: string;
  /** Its position in the journey after the upgrade (the version's order). */
  position: number;
  /** Before the journey's current stage: counted as passed, the journey stays where it is. */
  inPassedStage: boolean;
}

export interface PlannedStageChange {
  stageId: string;
  key: string;
  changes: { field: "name" | "description"; from: string; to: string }[];
}

export interface JourneyUpgradePlan {
  journeyId: string;
  fromNumber: number | null;
  toNumber: number;
  added: PlannedAddition[];
  changed: PlannedChange[];
  removed: PlannedRemoval[];
  /** Stages of the version the journey lacks, added at their place in the version's order. */
  stagesAdded: PlannedStage[];
  /** Stages not done yet (current or ahead) whose name or description the version changed. */
  stagesChanged: PlannedStageChange[];
  /** When stages are added: every stage's position after the upgrade (existing ones by id) and the
   * journey's current stage position then. Empty when nothing moves. */
  layout: { stageId: string; position: number }[];
  currentStagePositionAfter: number;
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
    stagesAdded: [],
    stagesChanged: [],
    layout: [],
    currentStagePositionAfter: journey.currentStagePosition,
    kept: { done: [], addedHere: [], ownerChangedHere: [], dueChangedHere: [], notApplicable: [] },
    changesWork: false,
  };

  layOutStages(journey, target.document, plan);
  const newStage = new Map(plan.stagesAdded.map((s) => [s.key, s]));

  for (const [key, { m, stageKey, stageName }] of wanted) {
    const mine = held.get(key);
    if (!mine) {
      const stage = stageByKey.get(stageKey);
      const fresh = newStage.get(stageKey);
      plan.added.push({
        key,
        title: m.title,
        stageName: stage ? stage.name : stageName,
        required: m.required,
        inPassedStage: stage ? stage.position < journey.currentStagePosition : (fresh?.inPassedStage ?? false),
      });
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
    plan.stagesAdded.length > 0 ||
    plan.stagesChanged.length > 0 ||
    plan.added.length > 0 ||
    plan.changed.length > 0 ||
    plan.removed.some((r) => r.outcome === "marked_not_needed");
  return plan;
}

/**
 * Places the version's stages the journey lacks (by key) right after the nearest earlier version
 * stage the journey holds (first if none), renumbers the journey's stages 1..n in that order, and
 * finds the stages ahead (or current) whose name or description the version changed.
 */
function layOutStages(journey: UpgradeJourneyState, document: PlaybookDocument, plan: JourneyUpgradePlan) {
  const order: { stageId: string | null; key: string | null }[] = [...journey.stages]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({ stageId: s.id, key: s.key }));
  const fresh: PlaybookDocument["stages"] = [];
  document.stages.forEach((vs, i) => {
    if (order.some((o) => o.key === vs.key)) return;
    let at = 0;
    for (let k = i - 1; k >= 0; k--) {
      const anchor = order.findIndex((o) => o.key === document.stages[k].key);
      if (anchor >= 0) {
        at = anchor + 1;
        break;
      }
    }
    order.splice(at, 0, { stageId: null, key: vs.key });
    fresh.push(vs);
  });
  const current = journey.stages.find((s) => s.position === journey.currentStagePosition);
  if (fresh.length > 0) {
    plan.layout = order.flatMap((o, i) => (o.stageId ? [{ stageId: o.stageId, position: i + 1 }] : []));
    const currentIndex = current ? order.findIndex((o) => o.stageId === current.id) : -1;
    plan.currentStagePositionAfter = currentIndex >= 0 ? currentIndex + 1 : journey.currentStagePosition;
    for (const vs of fresh) {
      const position = order.findIndex((o) => o.stageId === null && o.key === vs.key) + 1;
      plan.stagesAdded.push({
        key: vs.key,
        name: vs.name,
        description: vs.description,
        position,
        inPassedStage: position < plan.currentStagePositionAfter,
      });
    }
  }
  for (const s of journey.stages) {
    if (!s.key || s.position < journey.currentStagePosition) continue;
    const vs = document.stages.find((x) => x.key === s.key);
    if (!vs) continue;
    const changes: PlannedStageChange["changes"] = [];
    if (vs.name !== s.name) changes.push({ field: "name", from: s.name, to: vs.name });
    if (vs.description !== s.description)
      changes.push({ field: "description", from: s.description, to: vs.description });
    if (changes.length > 0) plan.stagesChanged.push({ stageId: s.id, key: s.key, changes });
  }
}
