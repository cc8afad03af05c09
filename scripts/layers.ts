// The layer rules of the code base, as data, and the check that holds the
// imports against them. `npm run lint` runs it over the tree (check-layers.ts).
import fs from "node:fs";
import path from "node:path";

/** Where a file sits. Zones are listed top to bottom. */
export type Zone =
  | "tests"
  | "scripts"
  | "server"
  | "routes"
  | "components"
  | "modules"
  | "emails"
  | "utils"
  | "db"
  | "config";

/** Which zones each zone may import. Nothing imports tests; nothing below imports upward. */
export const MAY_IMPORT: Record<Zone, readonly Zone[]> = {
  tests: ["tests", "scripts", "server", "routes", "components", "modules", "emails", "utils", "db"],
  scripts: ["scripts", "server", "modules", "emails", "utils", "db"],
  server: ["server", "modules", "emails", "utils", "db"],
  routes: ["routes", "server", "components", "modules", "emails", "utils", "db"],
  components: ["components", "modules", "utils"],
  modules: ["modules", "emails", "utils", "db"],
  emails: ["emails"],
  utils: ["utils", "db"],
  db: ["db"],
  config: [],
};

/** Packages a zone must not import, with the reason shown when it does. */
const FORBIDDEN_PACKAGES: Partial<Record<Zone, { test: RegExp; why: string }[]>> = {
  modules: [
    { test: /^@remix-run\//, why: "HTTP belongs to routes; a domain function returns data or throws a domain error" },
  ],
  emails: [{ test: /^@remix-run\//, why: "email templates know nothing of the web framework" }],
  utils: [{ test: /^@remix-run\//, why: "utils are infrastructure below the routes" }],
};

/** Names a zone must not import from a file, with the reason. */
const FORBIDDEN_NAMES: Partial<Record<Zone, { file: string; names: string[]; why: string }[]>> = {
  modules: [
    {
      file: "app/utils/db.server.ts",
      names: ["getDb"],
      why: "a domain function takes `db` (or a transaction) as a parameter",
    },
  ],
};

export function zoneOf(file: string): Zone | null {
  if (file.startsWith("tests/")) return "tests";
  if (file.startsWith("scripts/")) return "scripts";
  if (file.startsWith("app/server/") || file.startsWith("app/worker/")) return "server";
  if (file.startsWith("app/routes/") || file === "app/root.tsx" || file === "app/entry.server.tsx") return "routes";
  if (file.startsWith("app/components/")) return "components";
  if (file.startsWith("app/modules/")) return "modules";
  if (file.startsWith("app/utils/")) return "utils";
  if (file.startsWith("emails/")) return "emails";
  if (file.startsWith("db/")) return "db";
  if (!file.includes("/")) return "config";
  return null;
}

/** The domain folder of a module file: app/modules/<domain>/… */
export function domainOf(file: string): string | null {
  const m = /^app\/modules\/([^/]+)\//.exec(file);
  return m ? m[1] : null;
}

export type ImportRef = { specifier: string; names: string[]; typeOnly: boolean; line: number };

const IMPORT_RE =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;"'()]*?)\s*from\s*["']([^"']+)["']|(?:^|[^\w.])import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g;

/** The imports of one source text: static imports, re-exports, side-effect imports and literal dynamic imports. */
export function parseImports(source: string): ImportRef[] {
  const refs: ImportRef[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const start = (m.index ?? 0) + Math.max(0, m[0].search(/import|export/));
    const line = source.slice(0, start).split("\n").length;
    if (m[4]) {
      const clause = m[3] ?? "";
      const braces = /\{([\s\S]*)\}/.exec(clause);
      const names = braces
        ? braces[1]
            .split(",")
            .map((n) =>
              n
                .trim()
                .replace(/^type\s+/, "")
                .split(/\s+as\s+/)[0]
                .trim(),
            )
            .filter(Boolean)
        : [];
      refs.push({ specifier: m[4], names, typeOnly: Boolean(m[2]), line });
    } else {
      const spec = m[5] ?? m[6];
      if (spec) refs.push({ specifier: spec, names: [], typeOnly: false, line });
    }
  }
  return refs;
}

const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx", ""];

/** The project file an import names, or null for a package. `exists` answers for project-relative paths. */
export function resolveImport(from: string, specifier: string, exists: (file: string) => boolean): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = `app/${specifier.slice(2)}`;
  else if (specifier.startsWith("#db/")) base = `db/${specifier.slice(4)}`;
  else if (specifier.startsWith("#emails/")) base = `emails/${specifier.slice(8)}`;
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return null;
  base = base.replace(/\.js$/, "");
  for (const ext of EXTENSIONS) {
    if (exists(base + ext)) return base + ext;
  }
  return base;
}

export type Violation = { file: string; line: number; message: string };

type Place = { file: string; line: number };
type DomainEdges = Map<string, Map<string, Place>>;

/** Every broken rule in a set of files, given as project-relative path → source text. */
export function checkLayers(files: Map<string, string>): Violation[] {
  const violations: Violation[] = [];
  const exists = (f: string) => files.has(f);
  const domainEdges: DomainEdges = new Map();
  for (const [file, source] of files) {
    const zone = zoneOf(file);
    if (!zone || zone === "config") continue;
    for (const ref of parseImports(source)) {
      const target = resolveImport(file, ref.specifier, exists);
      violations.push(...checkImport(file, zone, ref, target));
      if (target) recordDomainEdge(domainEdges, file, target, ref.line);
    }
  }
  for (const group of findCycles(domainEdges)) violations.push(loopViolation(group, domainEdges));
  return violations;
}

/** The rules one import breaks: a forbidden package, an upward zone, or a forbidden name. */
function checkImport(file: string, zone: Zone, ref: ImportRef, target: string | null): Violation[] {
  const at = { file, line: ref.line };
  if (target === null) {
    return (FORBIDDEN_PACKAGES[zone] ?? [])
      .filter((rule) => rule.test.test(ref.specifier))
      .map((rule) => ({ ...at, message: `imports ${ref.specifier}: ${rule.why}` }));
  }
  const found: Violation[] = [];
  const targetZone = zoneOf(target);
  if (targetZone && !MAY_IMPORT[zone].includes(targetZone)) {
    const allowed = MAY_IMPORT[zone].join(", ");
    found.push({ ...at, message: `${zone} may not import ${targetZone} (${target}); allowed: ${allowed}` });
  }
  for (const rule of FORBIDDEN_NAMES[zone] ?? []) {
    const bad = ref.names.filter((n) => rule.names.includes(n));
    if (target === rule.file && bad.length) {
      found.push({ ...at, message: `imports ${bad.join(", ")} from ${target}: ${rule.why}` });
    }
  }
  return found;
}

/** Keeps the first import seen from one module folder into another. */
function recordDomainEdge(edges: DomainEdges, file: string, target: string, line: number) {
  const from = domainOf(file);
  const to = domainOf(target);
  if (!from || !to || from === to) return;
  const out = edges.get(from) ?? new Map<string, Place>();
  if (!out.has(to)) out.set(to, { file, line });
  edges.set(from, out);
}

/** One violation for a group of module folders in a loop, naming every import inside it. */
function loopViolation(group: string[], edges: DomainEdges): Violation {
  const members = new Set(group);
  const cycle = orderAsCycle(group, edges);
  const inside = [...members]
    .sort()
    .flatMap((from) =>
      [...(edges.get(from) ?? new Map<string, Place>())]
        .filter(([to]) => members.has(to))
        .map(([to, at]) => `${from} -> ${to} at ${at.file}:${at.line}`),
    );
  const first = edges.get(cycle[0])?.get(cycle[1]);
  return {
    file: first?.file ?? `app/modules/${cycle[0]}`,
    line: first?.line ?? 1,
    message: `module folders import each other in a loop: ${[...cycle, cycle[0]].join(" -> ")}; the imports inside the loop: ${inside.join("; ")}`,
  };
}

/** The strongly connected groups of more than one domain (Tarjan). */
function findCycles(edges: Map<string, Map<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const nodes = new Set<string>([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]);

  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return groups;
}

/** One loop through a strongly connected group, starting at its first name, for a readable message. */
function orderAsCycle(group: string[], edges: Map<string, Map<string, unknown>>): string[] {
  const members = new Set(group);
  const start = [...group].sort()[0];
  const seen = new Set<string>([start]);
  const path = [start];
  let at = start;
  for (;;) {
    const targets = [...(edges.get(at)?.keys() ?? [])].filter((t) => members.has(t));
    if (targets.includes(start) && path.length > 1) return path;
    const step = targets.find((t) => !seen.has(t));
    if (!step) return path;
    seen.add(step);
    path.push(step);
    at = step;
  }
}

const SOURCE = /\.(ts|tsx|js|mjs)$/;
const SKIP = new Set(["node_modules", "build", ".data", ".cache", ".git", "public"]);

/** The project's source files under `root`, keyed by their path relative to it. */
export function readSourceTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (SKIP.has(entry.name) || entry.name.startsWith(".")) continue;
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (SOURCE.test(entry.name)) files.set(rel, fs.readFileSync(path.join(root, rel), "utf8"));
    }
  };
  walk("");
  return files;
}
