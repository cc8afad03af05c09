// `npm run playbook -- validate|import|export|diff FILE` as separate processes on
// this file's database: each command's exit code and what it prints.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { db } from "./factories";

const children: ChildProcess[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "playbook-cli-"));
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

async function playbook(...args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "app/server/playbook-cli.ts", ...args], {
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  return { code, stdout, stderr };
}

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

const PLAYBOOK = `name: CLI playbook
stages:
  - key: setup
    name: Setup
    expectedDays: 14
    milestones:
      - key: kickoff
        title: Hold the kickoff
        ownerSide: vendor
        ownerRole: onboarding
        dueOffsetDays: 2
      - key: sso
        title: Connect SSO
        ownerSide: customer
        ownerRole: admin
        dueOffsetDays: 7
  - key: live
    name: Live
    milestones:
      - key: go-live
        title: Go live
        ownerSide: customer
        ownerRole: champion
        dueOffsetDays: 20
`;

it("npm run playbook is a script in package.json", () => {
  const scripts = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts as Record<string, string>;
  expect(scripts.playbook).toBe("tsx app/server/playbook-cli.ts");
});

it("validate exits 0 for a good file, 1 with file:line:col errors for a bad one, 2 for bad arguments", {
  timeout: 300_000,
}, async () => {
  const good = file("good.yaml", PLAYBOOK);
  const bad = file(
    "bad.yaml",
    PLAYBOOK.replace("ownerRole: admin", "ownerRole: sales").replace("    name: Live\n", ""),
  );
  const broken = file("broken.yaml", "name: x\nstages:\n  - key: a\n    name: [oops\n");
  // Each command is its own process: run them side by side.
  const [ok, refused, syntax, noFile, unknown, missing] = await Promise.all([
    playbook("validate", good),
    playbook("validate", bad),
    playbook("validate", broken),
    playbook("validate"),
    playbook("frobnicate", good),
    playbook("validate", path.join(dir, "nope.yaml")),
  ]);
  expect(ok.code).toBe(0);
  expect(ok.stdout).toBe(`${good}: a valid playbook, "CLI playbook" (2 stages, 3 milestones).\n`);

  expect(refused.code).toBe(1);
  expect(refused.stderr.trim().split("\n")).toEqual([
    `${bad}:15:20: stages[1].milestones[2].ownerRole: "sales" is not a customer-side role; use one of: champion, admin, executive_sponsor, end_user.`,
    `${bad}:17:5: stages[2]: The field "name" is missing.`,
  ]);
  expect(syntax.code).toBe(1);
  expect(syntax.stderr).toMatch(
    new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+: YAML syntax: `),
  );

  expect(noFile.code).toBe(2);
  expect(noFile.stderr).toContain("validate needs one FILE.");
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("Unknown command frobnicate.");
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain("cannot read the file");
});

it("import makes a draft, --publish publishes it, and an unchanged publish or a bad file is refused", {
  timeout: 600_000,
}, async () => {
  const good = file("import.yaml", PLAYBOOK);
  const draft = await playbook("import", good);
  expect(draft.code, draft.stderr).toBe(0);
  expect(draft.stdout).toContain('Imported "CLI playbook" (2 stages, 3 milestones) as a new playbook\'s draft.');
  const pb = await db()
    .selectFrom("playbooks")
    .select("id")
    .where("name", "=", "CLI playbook")
    .executeTakeFirstOrThrow();
  const versions = () =>
    db()
      .selectFrom("playbook_versions")
      .select(["number", "note"])
      .where("playbook_id", "=", pb.id)
      .orderBy("number")
      .execute();
  expect(await versions()).toEqual([]);

  const published = await playbook("import", good, "--publish", "First version.");
  expect(published.code, published.stderr).toBe(0);
  expect(published.stdout).toContain('Replaced the draft of "CLI playbook"');
  expect(published.stdout).toContain("Published version 1: First version.");
  expect(await versions()).toEqual([{ number: 1, note: "First version." }]);

  const again = await playbook("import", good, "--publish", "Nothing new.");
  expect(again.code).toBe(1);
  expect(again.stderr).toContain("Nothing changed since version 1.");

  const bad = file("import-bad.yaml", PLAYBOOK.replace("dueOffsetDays: 7", "dueOffsetDays: -7"));
  const refused = await playbook("import", bad, "--publish", "Broken.");
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain(
    `${bad}:16:24: stages[1].milestones[2].dueOffsetDays: The due offset can't be negative.`,
  );
  expect(await versions()).toEqual([{ number: 1, note: "First version." }]);

  // export -> import -> export through the commands gives the same bytes.
  const first = path.join(dir, "export-1.yaml");
  const exported = await playbook("export", first, "--playbook", "CLI playbook");
  expect(exported.code, exported.stderr).toBe(0);
  expect(exported.stdout).toBe(`Wrote ${first}.\n`);
  const text = fs.readFileSync(first, "utf8");
  expect(text.split("\n")[0]).toMatch(/^# yaml-language-server: \$schema=http\S+\/playbook\.schema\.json$/);
  expect((await playbook("import", first, "--publish", "Same again.")).code).toBe(1);
  expect((await playbook("import", first)).code).toBe(0);
  const second = path.join(dir, "export-2.yaml");
  expect((await playbook("export", second, "--playbook", "CLI playbook", "--draft")).code).toBe(0);
  expect(fs.readFileSync(second, "utf8")).toBe(text);
  const [stdout, unknown] = await Promise.all([
    playbook("export", "-", "--playbook", "CLI playbook"),
    playbook("export", path.join(dir, "x.yaml"), "--playbook", "No such playbook"),
  ]);
  expect(stdout.stdout).toBe(text);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('No playbook is named "No such playbook".');
});

it("diff compares the file with the latest published version by key", { timeout: 300_000 }, async () => {
  const base = file("diff-base.yaml", PLAYBOOK.replace("CLI playbook", "Diff playbook"));
  expect((await playbook("import", base, "--publish", "One.")).code).toBe(0);

  const changed = file(
    "diff-changed.yaml",
    PLAYBOOK.replace("CLI playbook", "Diff playbook")
      .replace("title: Connect SSO", "title: Connect single sign-on")
      .replace("dueOffsetDays: 7", "dueOffsetDays: 9\n        dueOffsetKind: business")
      .replace("expectedDays: 14", "expectedDays: 21")
      .replace(
        "      - key: go-live",
        "      - key: training\n        title: Train the admins\n        ownerSide: vendor\n        ownerRole: onboarding\n        dueOffsetDays: 15\n      - key: go-live",
      )
      .replace(
        "      - key: kickoff\n        title: Hold the kickoff\n        ownerSide: vendor\n        ownerRole: onboarding\n        dueOffsetDays: 2\n",
        "",
      ),
  );
  const fresh = file("diff-new.yaml", PLAYBOOK.replace("CLI playbook", "Never imported"));
  const [same, diff, all] = await Promise.all([
    playbook("diff", base),
    playbook("diff", changed),
    playbook("diff", fresh),
  ]);
  expect(same.code).toBe(0);
  expect(same.stdout).toBe(`${base} against "Diff playbook" version 1:\nNo changes.\n`);

  expect(diff.code, diff.stderr).toBe(1);
  expect(diff.stdout.trim().split("\n")).toEqual([
    `${changed} against "Diff playbook" version 1:`,
    '~ stage "setup": expectedDays 14 -> 21',
    '- milestone "kickoff" (Hold the kickoff) from stage "setup"',
    '~ milestone "sso": title "Connect SSO" -> "Connect single sign-on"; dueOffsetDays 7 -> 9; dueOffsetKind "calendar" -> "business"',
    '+ milestone "training" (Train the admins) in stage "live"',
  ]);

  expect(all.code).toBe(1);
  expect(all.stdout).toContain('No playbook is named "Never imported" yet');
  expect(all.stdout).toContain('+ stage "setup" (Setup)');
  expect(all.stdout).toContain('+ milestone "go-live" (Go live) in stage "live"');
});
