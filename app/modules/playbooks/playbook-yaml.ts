// Playbooks as YAML files: reading one into the checked document, with every
// problem placed at its line and column, and writing one back deterministically,
// so that export -> import -> export gives the same bytes (ADR 030).
import { Document, isMap, isNode, isPair, isScalar, LineCounter, type Node, parseDocument, type YAMLMap } from "yaml";
import type { z } from "zod";
import { type PlaybookDocument, type PlaybookMilestone, playbookDocumentSchema } from "./playbook-document";

export interface PlaybookFileError {
  line: number;
  col: number;
  message: string;
}

export type ParsedPlaybook = { ok: true; document: PlaybookDocument } | { ok: false; errors: PlaybookFileError[] };

/** `file:line:col: message`, one line per error, as compilers print them. */
export function formatPlaybookErrors(file: string, errors: PlaybookFileError[]): string {
  return errors.map((e) => `${file}:${e.line}:${e.col}: ${e.message}`).join("\n");
}

/** Reads a playbook file's text: YAML syntax first, then the schema, each error at its place. */
export function parsePlaybookYaml(source: string): ParsedPlaybook {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line, col: p.col };
  };
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ ...at(e.pos[0]), message: `YAML syntax: ${firstLine(e.message)}` })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, errors: [{ line: 1, col: 1, message: `YAML: ${firstLine((e as Error).message)}` }] };
  }
  const result = playbookDocumentSchema.safeParse(data ?? {});
  if (result.success) return { ok: true, document: result.data };
  const errors = result.error.issues.map((issue) => placeIssue(doc, issue, at));
  errors.sort((a, b) => a.line - b.line || a.col - b.col);
  return { ok: false, errors };
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}

/** Where a zod issue points in the file, and what it says, naming the field. */
function placeIssue(
  doc: Document.Parsed,
  issue: z.core.$ZodIssue,
  at: (offset: number) => { line: number; col: number },
): PlaybookFileError {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  // The deepest node the path reaches: a missing field points at the map that lacks it.
  let depth = path.length;
  let node: unknown = path.length ? doc.getIn(path, true) : doc.contents;
  while (!isNode(node) && depth > 0) {
    depth--;
    node = depth ? doc.getIn(path.slice(0, depth), true) : doc.contents;
  }
  let offset = isNode(node) && node.range ? node.range[0] : 0;
  let where = describePath(path);
  let message = issue.message;
  if (depth < path.length && issue.code === "invalid_type") {
    where = describePath(path.slice(0, depth));
    message = `The field "${String(path[depth])}" is missing.`;
  }
  if (issue.code === "unrecognized_keys" && isMap(node)) {
    const first = issue.keys[0];
    const pair = (node as YAMLMap).items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === first);
    if (pair && isNode(pair.key) && pair.key.range) offset = pair.key.range[0];
    message = `Unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; check the spelling.`;
  }
  return { ...at(offset), message: where ? `${where}: ${message}` : message };
}

/** `stages[2].milestones[1].ownerRole`, counting from 1 as a person does. */
function describePath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p + 1}]` : i === 0 ? p : `.${p}`)).join("");
}

// Fields left out when they hold their default, so files stay short and diffs small.
function milestoneForFile(m: PlaybookMilestone): Record<string, unknown> {
  const out: Record<string, unknown> = {
    key: m.key,
    title: m.title,
    description: m.description,
    ownerSide: m.ownerSide,
    ownerRole: m.ownerRole,
    dueOffsetDays: m.dueOffsetDays,
  };
  if (m.dueFrom !== "journey_start") out.dueFrom = m.dueFrom;
  if (m.dueOffsetKind !== "calendar") out.dueOffsetKind = m.dueOffsetKind;
  out.required = m.required;
  if (m.visibility !== "customer") out.visibility = m.visibility;
  if (m.firstValue) out.firstValue = true;
  if (m.segments) out.segments = [...m.segments];
  if (m.resources.length) {
    out.resources = m.resources.map((r) => ({ title: r.title, url: r.url, kind: r.kind, minutes: r.minutes }));
  }
  return out;
}

/**
 * The document as YAML, always in the same field order and layout, with a
 * blank line between stages. `schemaUrl` adds the comment that lets editors
 * (the YAML language server) check the file against /playbook.schema.json.
 */
export function playbookToYaml(document: PlaybookDocument, opts: { schemaUrl?: string } = {}): string {
  const plain = {
    name: document.name,
    description: document.description,
    stages: document.stages.map((s) => {
      const stage: Record<string, unknown> = { key: s.key, name: s.name, description: s.description };
      if (s.goal) stage.goal = s.goal;
      if (s.successMeasure) stage.successMeasure = s.successMeasure;
      if (s.expectedDays !== undefined) stage.expectedDays = s.expectedDays;
      if (s.email) stage.email = { subject: s.email.subject, intro: s.email.intro };
      stage.milestones = s.milestones.map(milestoneForFile);
      return stage;
    }),
  };
  const doc = new Document(plain);
  const stages = doc.get("stages", true);
  if (stages && "items" in (stages as object)) {
    for (const [i, item] of (stages as { items: Node[] }).items.entries()) if (i > 0) item.spaceBefore = true;
  }
  if (opts.schemaUrl) doc.commentBefore = ` yaml-language-server: $schema=${opts.schemaUrl}`;
  return doc.toString({ lineWidth: 0, indentSeq: true });
}
