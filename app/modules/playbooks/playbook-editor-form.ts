// The studio editor's form: the fields of a playbook document the editor shows, as
// the browser holds them (text in inputs), and the way back to a document (ADR 035).
// Shared by the editor page and the save, so both name fields the same way.
import { z } from "zod";
import type { PlaybookDocumentInput } from "./playbook-document";

export interface EditorResource {
  /** The browser's handle for the row (reordering, React keys); never stored. */
  id: string;
  title: string;
  url: string;
  kind: string;
  minutes: string;
}

export interface EditorMilestone {
  id: string;
  /** The stable key; empty for a milestone added in the editor, which the save gives one. */
  key: string;
  title: string;
  description: string;
  ownerSide: string;
  ownerRole: string;
  dueOffsetDays: string;
  dueFrom: string;
  dueOffsetKind: string;
  required: boolean;
  visibility: string;
  firstValue: boolean;
  /** Segments separated by commas; empty for every account. */
  segments: string;
  resources: EditorResource[];
}

export interface EditorStage {
  id: string;
  key: string;
  name: string;
  description: string;
  goal: string;
  successMeasure: string;
  expectedDays: string;
  milestones: EditorMilestone[];
}

export interface EditorDocument {
  name: string;
  description: string;
  stages: EditorStage[];
}

// Bounds on what the browser may send, so a tampered form cannot make the save do
// unbounded work; the playbook schema gives the messages a person reads.
const TEXT = z.string().max(20_000);
const SHORT = z.string().max(200);
const HANDLE = z.string().max(100);

export const MAX_STAGES = 100;
export const MAX_MILESTONES_PER_STAGE = 200;
export const MAX_RESOURCES_PER_MILESTONE = 50;

export const editorDocumentSchema = z.object({
  name: TEXT,
  description: TEXT,
  stages: z
    .array(
      z.object({
        id: HANDLE,
        key: HANDLE,
        name: TEXT,
        description: TEXT,
        goal: TEXT,
        successMeasure: TEXT,
        expectedDays: SHORT,
        milestones: z
          .array(
            z.object({
              id: HANDLE,
              key: HANDLE,
              title: TEXT,
              description: TEXT,
              ownerSide: SHORT,
              ownerRole: SHORT,
              dueOffsetDays: SHORT,
              dueFrom: SHORT,
              dueOffsetKind: SHORT,
              required: z.boolean(),
              visibility: SHORT,
              firstValue: z.boolean(),
              segments: TEXT,
              resources: z
                .array(z.object({ id: HANDLE, title: TEXT, url: TEXT, kind: SHORT, minutes: SHORT }))
                .max(MAX_RESOURCES_PER_MILESTONE, `A milestone has at most ${MAX_RESOURCES_PER_MILESTONE} resources.`),
            }),
          )
          .max(MAX_MILESTONES_PER_STAGE, `A stage has at most ${MAX_MILESTONES_PER_STAGE} milestones.`),
      }),
    )
    .max(MAX_STAGES, `A playbook has at most ${MAX_STAGES} stages.`),
}) satisfies z.ZodType<EditorDocument>;

/** A whole number as typed; empty is "not given", anything else that is not a number fails the schema. */
export function numberField(text: string): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  return /^[+-]?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** Segments as typed, "Enterprise, Mid-market": none means every account. */
export function segmentsField(text: string): string[] | undefined {
  const list = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

/** The editor's fields as a document's (before the schema fills defaults and checks them). */
export function editorToDocument(form: EditorDocument): PlaybookDocumentInput {
  return {
    name: form.name,
    description: form.description,
    stages: form.stages.map((s) => ({
      key: s.key,
      name: s.name,
      description: s.description,
      goal: s.goal,
      successMeasure: s.successMeasure,
      expectedDays: numberField(s.expectedDays),
      milestones: s.milestones.map((m) => ({
        key: m.key,
        title: m.title,
        description: m.description,
        ownerSide: m.ownerSide,
        ownerRole: m.ownerRole,
        dueOffsetDays: numberField(m.dueOffsetDays),
        dueFrom: m.dueFrom,
        dueOffsetKind: m.dueOffsetKind,
        required: m.required,
        visibility: m.visibility,
        firstValue: m.firstValue,
        segments: segmentsField(m.segments),
        resources: m.resources.map((r) => ({
          title: r.title,
          url: r.url,
          kind: r.kind,
          minutes: numberField(r.minutes),
        })),
      })),
    })),
  } as PlaybookDocumentInput;
}

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);
const num = (v: unknown) => (typeof v === "number" ? String(v) : "");
const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === "object") : [];

/** A stored draft (as read, unchecked) as the editor's fields; what the editor does not show stays behind. */
export function documentToEditor(raw: unknown): EditorDocument {
  const doc = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  let resourceCount = 0;
  return {
    name: str(doc.name),
    description: str(doc.description),
    stages: list(doc.stages).map((s) => ({
      id: `stage:${str(s.key)}`,
      key: str(s.key),
      name: str(s.name),
      description: str(s.description),
      goal: str(s.goal),
      successMeasure: str(s.successMeasure),
      expectedDays: num(s.expectedDays),
      milestones: list(s.milestones).map((m) => ({
        id: `milestone:${str(m.key)}`,
        key: str(m.key),
        title: str(m.title),
        description: str(m.description),
        ownerSide: str(m.ownerSide, "vendor"),
        ownerRole: str(m.ownerRole, "csm"),
        dueOffsetDays: num(m.dueOffsetDays),
        dueFrom: str(m.dueFrom, "journey_start"),
        dueOffsetKind: str(m.dueOffsetKind, "calendar"),
        required: m.required !== false,
        visibility: str(m.visibility, "customer"),
        firstValue: m.firstValue === true,
        segments: Array.isArray(m.segments) ? m.segments.filter((x) => typeof x === "string").join(", ") : "",
        resources: list(m.resources).map((r) => ({
          id: `resource:${++resourceCount}`,
          title: str(r.title),
          url: str(r.url),
          kind: str(r.kind, "guide"),
          minutes: num(r.minutes),
        })),
      })),
    })),
  };
}

/** A key from a name or title: lowercase letters and digits joined by hyphens, like "kickoff-call". */
export function slugKey(text: string, fallback: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 50)
    .replace(/^-+|-+$/g, "");
  return slug || fallback;
}

/** `base`, or `base-2`, `base-3`… whichever is not taken yet; the key is then taken. */
export function uniqueKey(base: string, taken: Set<string>): string {
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

/** A field's name in the form and in the save's answer: its path in the document, "stages.0.milestones.2.title". */
export function fieldName(...path: (string | number)[]): string {
  return path.join(".");
}

const STAGE_FIELDS = "key|name|description|goal|successMeasure|expectedDays|milestones";
const MILESTONE_FIELDS =
  "key|title|description|ownerSide|ownerRole|dueOffsetDays|dueFrom|dueOffsetKind|required|visibility|firstValue|segments|resources";
const EDITOR_FIELD = new RegExp(
  `^(?:name|description|stages|stages\\.\\d+\\.(?:${STAGE_FIELDS})|stages\\.\\d+\\.milestones\\.\\d+\\.(?:${MILESTONE_FIELDS})` +
    "|stages\\.\\d+\\.milestones\\.\\d+\\.resources\\.\\d+\\.(?:title|url|kind|minutes))$",
);

/** Whether the editor shows a field of this name, with its error beside it. */
export function isEditorField(name: string): boolean {
  return EDITOR_FIELD.test(name);
}

/** The field an issue of the playbook schema is about: a segment's issue belongs to the segments field. */
export function issueField(path: readonly PropertyKey[]): string {
  const parts = path.map((p) => (typeof p === "number" ? p : String(p)));
  const segments = parts.indexOf("segments");
  return fieldName(...(segments >= 0 ? parts.slice(0, segments + 1) : parts));
}
