// Two playbook documents compared by key, as `npm run playbook -- diff` prints
// them: stages and milestones added, removed, moved or reordered, and each
// changed field with its old and new value (ADR 030).
import type { PlaybookDocument, PlaybookMilestone, PlaybookStage } from "./playbook-document";

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export type PlaybookChange =
  | { kind: "added" | "removed"; what: "stage"; key: string; name: string }
  | { kind: "added" | "removed"; what: "milestone"; key: string; title: string; stage: string }
  | { kind: "changed"; what: "playbook"; fields: FieldChange[] }
  | { kind: "changed"; what: "stage"; key: string; fields: FieldChange[] }
  | { kind: "changed"; what: "milestone"; key: string; fields: FieldChange[] }
  | { kind: "reordered"; what: "stages"; from: string[]; to: string[] }
  | { kind: "reordered"; what: "milestones"; stage: string; from: string[]; to: string[] };

const STAGE_FIELDS = ["name", "description", "goal", "successMeasure", "expectedDays", "email"] as const;
const MILESTONE_FIELDS = [
  "title",
  "description",
  "ownerSide",
  "ownerRole",
  "dueOffsetDays",
  "dueFrom",
  "dueOffsetKind",
  "required",
  "visibility",
  "firstValue",
  "segments",
  "resources",
] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function fieldChanges<T>(from: T, to: T, fields: readonly (keyof T & string)[]): FieldChange[] {
  return fields.filter((f) => !same(from[f], to[f])).map((f) => ({ field: f, from: from[f], to: to[f] }));
}

/** The keys both lists hold, in each list's order, when that order differs. */
function reorder(from: string[], to: string[]): { from: string[]; to: string[] } | null {
  const common = new Set(from.filter((k) => to.includes(k)));
  const a = from.filter((k) => common.has(k));
  const b = to.filter((k) => common.has(k));
  return same(a, b) ? null : { from: a, to: b };
}

export function diffPlaybooks(from: PlaybookDocument | null, to: PlaybookDocument): PlaybookChange[] {
  const changes: PlaybookChange[] = [];
  const oldStages = new Map<string, PlaybookStage>((from?.stages ?? []).map((s) => [s.key, s]));
  const newStages = new Map<string, PlaybookStage>(to.stages.map((s) => [s.key, s]));
  const oldMilestones = new Map<string, { m: PlaybookMilestone; stage: string }>();
  for (const s of from?.stages ?? []) for (const m of s.milestones) oldMilestones.set(m.key, { m, stage: s.key });
  const newMilestones = new Map<string, { m: PlaybookMilestone; stage: string }>();
  for (const s of to.stages) for (const m of s.milestones) newMilestones.set(m.key, { m, stage: s.key });

  if (from && from.description !== to.description) {
    changes.push({
      kind: "changed",
      what: "playbook",
      fields: [{ field: "description", from: from.description, to: to.description }],
    });
  }
  for (const s of from?.stages ?? []) {
    if (!newStages.has(s.key)) changes.push({ kind: "removed", what: "stage", key: s.key, name: s.name });
  }
  for (const s of to.stages) {
    const old = oldStages.get(s.key);
    if (!old) changes.push({ kind: "added", what: "stage", key: s.key, name: s.name });
    else {
      const fields = fieldChanges(old, s, STAGE_FIELDS);
      if (fields.length) changes.push({ kind: "changed", what: "stage", key: s.key, fields });
    }
  }
  const stageOrder = reorder([...oldStages.keys()], [...newStages.keys()]);
  if (stageOrder) changes.push({ kind: "reordered", what: "stages", ...stageOrder });

  for (const [key, { m, stage }] of oldMilestones) {
    if (!newMilestones.has(key)) changes.push({ kind: "removed", what: "milestone", key, title: m.title, stage });
  }
  for (const [key, { m, stage }] of newMilestones) {
    const old = oldMilestones.get(key);
    if (!old) {
      changes.push({ kind: "added", what: "milestone", key, title: m.title, stage });
      continue;
    }
    const fields = fieldChanges(old.m, m, MILESTONE_FIELDS);
    if (old.stage !== stage) fields.unshift({ field: "stage", from: old.stage, to: stage });
    if (fields.length) changes.push({ kind: "changed", what: "milestone", key, fields });
  }
  for (const s of to.stages) {
    const old = oldStages.get(s.key);
    if (!old) continue;
    const order = reorder(
      old.milestones.map((m) => m.key),
      s.milestones.map((m) => m.key),
    );
    if (order) changes.push({ kind: "reordered", what: "milestones", stage: s.key, ...order });
  }
  return changes;
}

function show(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  const text = JSON.stringify(value);
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

/** One line per change: `+` added, `-` removed, `~` changed. */
export function formatChanges(changes: PlaybookChange[]): string[] {
  return changes.map((c) => {
    const fields = "fields" in c ? c.fields.map((f) => `${f.field} ${show(f.from)} -> ${show(f.to)}`).join("; ") : "";
    if (c.kind === "reordered") {
      return c.what === "stages"
        ? `~ order of stages: ${c.from.join(", ")} -> ${c.to.join(", ")}`
        : `~ order of milestones in stage "${c.stage}": ${c.from.join(", ")} -> ${c.to.join(", ")}`;
    }
    if (c.kind === "changed") {
      return c.what === "playbook" ? `~ playbook: ${fields}` : `~ ${c.what} "${c.key}": ${fields}`;
    }
    const sign = c.kind === "added" ? "+" : "-";
    if (c.what === "stage") return `${sign} stage "${c.key}" (${c.name})`;
    return `${sign} milestone "${c.key}" (${c.title}) ${c.kind === "added" ? "in" : "from"} stage "${c.stage}"`;
  });
}
