// The layer check that `npm run lint` runs: each rule is shown to catch a
// breach, and the real tree is shown to keep every rule.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkLayers, parseImports, readSourceTree } from "../scripts/layers";

function check(files: Record<string, string>) {
  return checkLayers(new Map(Object.entries(files))).map((v) => `${v.file}:${v.line}: ${v.message}`);
}

describe("layer rules", () => {
  it("reads static, type, re-export, side-effect and literal dynamic imports", () => {
    const refs = parseImports(
      [
        'import { a, type B as C } from "./a";',
        'import type { D } from "~/utils/d";',
        'export { e } from "../e";',
        'import "./side-effect";',
        'const m = await import("#db/schema");',
        "import {\n  f,\n  g,\n} from 'pkg';",
      ].join("\n"),
    );
    expect(refs.map((r) => [r.specifier, r.names, r.typeOnly, r.line])).toEqual([
      ["./a", ["a", "B"], false, 1],
      ["~/utils/d", ["D"], true, 2],
      ["../e", ["e"], false, 3],
      ["./side-effect", [], false, 4],
      ["#db/schema", [], false, 5],
      ["pkg", ["f", "g"], false, 6],
    ]);
  });

  it("accepts imports that run down the layers", () => {
    expect(
      check({
        "app/routes/journey.tsx": 'import { x } from "~/modules/journeys/x.server";\nimport { y } from "~/server/y";',
        "app/server/y.ts": 'import { z } from "~/utils/z";',
        "app/modules/journeys/x.server.ts":
          'import type { Database } from "#db/schema";\nimport { e } from "#emails/e";',
        "app/utils/z.ts": "export const z = 1;",
        "db/schema.ts": "export type Database = {};",
        "emails/e.ts": "export const e = 1;",
        "tests/t.test.ts": 'import { y } from "../app/server/y";',
      }),
    ).toEqual([]);
  });

  it("refuses an import that runs up the layers", () => {
    expect(
      check({
        "app/utils/z.ts": 'import { x } from "~/modules/journeys/x.server";',
        "app/modules/journeys/x.server.ts": "export const x = 1;",
        "db/seed/demo.ts": 'import { x } from "../../app/modules/journeys/x.server";',
        "scripts/bench.ts": 'import { h } from "../tests/helpers/h";',
        "tests/helpers/h.ts": "export const h = 1;",
        "emails/e.tsx": 'import { z } from "../app/utils/z";',
      }),
    ).toEqual([
      "app/utils/z.ts:1: utils may not import modules (app/modules/journeys/x.server.ts); allowed: utils, db",
      "db/seed/demo.ts:1: db may not import modules (app/modules/journeys/x.server.ts); allowed: db",
      "scripts/bench.ts:1: scripts may not import tests (tests/helpers/h.ts); allowed: scripts, server, modules, emails, utils, db",
      "emails/e.tsx:1: emails may not import utils (app/utils/z.ts); allowed: emails",
    ]);
  });

  it("keeps HTTP and the process-wide database out of domain modules", () => {
    const found = check({
      "app/modules/auth/viewer.server.ts":
        'import { redirect } from "@remix-run/node";\nimport { getDb, type DB } from "~/utils/db.server";',
      "app/utils/db.server.ts": "export const getDb = () => 1;",
    });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^app\/modules\/auth\/viewer.server.ts:1: imports @remix-run\/node/);
    expect(found[1]).toMatch(/^app\/modules\/auth\/viewer.server.ts:2: imports getDb from app\/utils\/db.server.ts/);
  });

  it("refuses module folders that import each other in a loop, naming each import", () => {
    const found = check({
      "app/modules/auth/a.server.ts": 'import { b } from "~/modules/email/b.server";',
      "app/modules/email/b.server.ts": 'import { c } from "../journeys/c.server";',
      "app/modules/journeys/c.server.ts": 'import { a } from "~/modules/auth/a.server";',
      "app/modules/audit/d.server.ts": 'import { a } from "~/modules/auth/a.server";',
    });
    expect(found).toEqual([
      "app/modules/auth/a.server.ts:1: module folders import each other in a loop: auth -> email -> journeys -> auth; the imports inside the loop: auth -> email at app/modules/auth/a.server.ts:1; email -> journeys at app/modules/email/b.server.ts:1; journeys -> auth at app/modules/journeys/c.server.ts:1",
    ]);
  });

  it("allows two module folders that depend one way only", () => {
    expect(
      check({
        "app/modules/journeys/c.server.ts": 'import { b } from "~/modules/email/b.server";',
        "app/modules/email/b.server.ts": "export const b = 1;",
      }),
    ).toEqual([]);
  });

  it("holds for the project's own tree", () => {
    const root = path.resolve(__dirname, "..");
    const files = readSourceTree(root);
    expect(files.size).toBeGreaterThan(100);
    expect(checkLayers(files)).toEqual([]);
  });

  it("makes `npm run lint`'s layer step exit non-zero on a breach", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "waypoint-layers-"));
    try {
      fs.mkdirSync(path.join(dir, "app/utils"), { recursive: true });
      fs.mkdirSync(path.join(dir, "app/modules/x"), { recursive: true });
      fs.writeFileSync(path.join(dir, "app/utils/u.ts"), 'import { m } from "~/modules/x/m";\n');
      fs.writeFileSync(path.join(dir, "app/modules/x/m.ts"), "export const m = 1;\n");
      const script = path.resolve(__dirname, "../scripts/check-layers.ts");
      const tsx = path.resolve(__dirname, "../node_modules/tsx/dist/cli.mjs");
      const run = spawnSync(process.execPath, [tsx, script, dir], { encoding: "utf8" });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("app/utils/u.ts:1: utils may not import modules");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
