// A clone in a folder only its owner may enter (any clone under /root): as root,
// the embedded PostgreSQL runs as the user "postgres", and `npm test` and
// `npm start` must give it the access it needs by themselves, saying so in one line.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { letPostgresReach } from "../app/server/embedded-postgres/data-dir";

const asRoot = process.getuid?.() === 0;
// The "home folder": mode 0700, like /root.
const home = fs.mkdtempSync(path.join(os.tmpdir(), "waypoint-home-"));
fs.chmodSync(home, 0o700);
const project = path.join(home, "waypoint");
let child: ChildProcess | null = null;

afterAll(() => {
  try {
    if (child?.pid) process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
  fs.rmSync(home, { recursive: true, force: true });
});

/** The clone: the project's files as git knows them, node_modules as hard links (seconds, no disk). */
function cloneProject(): void {
  fs.mkdirSync(project);
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { encoding: "utf8" })
    .split("\0")
    .filter((f) => f && fs.existsSync(f));
  for (const f of files) fs.cpSync(f, path.join(project, f), { recursive: true });
  execFileSync("cp", ["-al", path.resolve("node_modules"), path.join(project, "node_modules")]);
}

/** Runs an npm script in the clone; with `whenUp`, checks the running server at that line, then stops it. */
function run(
  args: string[],
  env: Record<string, string | undefined>,
  whenUp?: { line: string; check: () => Promise<void> },
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn("npm", args, {
      cwd: project,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child = c;
    let out = "";
    let stopping = false;
    const seen = (d: Buffer) => {
      out += d;
      if (whenUp && !stopping && out.includes(whenUp.line)) {
        stopping = true;
        // Then the whole group, as a terminal's Ctrl-C would.
        void whenUp.check().finally(() => process.kill(-c.pid!, "SIGTERM"));
      }
    };
    c.stdout!.on("data", seen);
    c.stderr!.on("data", seen);
    // "close": the output of every process under npm has ended too.
    c.on("close", (code) => resolve({ code, out }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

it("npm test and npm start work in a clone inside a 0700 folder", { timeout: 420_000 }, async () => {
  cloneProject();
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: "" };
  delete env.TEST_PG_ADMIN_URL;
  delete env.TEST_PG_TEMPLATE;
  delete env.NODE_ENV;
  delete env.DATA_DIR;

  const tested = await run(["test", "--", "tests/owner-label.test.ts"], env);
  expect(tested.out).not.toMatch(/cannot enter/);
  expect(tested.code, tested.out).toBe(0);
  const said = tested.out.split("\n").filter((l) => /postgres user/i.test(l) && l.includes(home));
  if (asRoot) expect(said).toHaveLength(1);
  else expect(said).toEqual([]);

  const port = await freePort();
  let login = 0;
  const started = await run(
    ["start"],
    { ...env, PORT: String(port), HOST: "127.0.0.1" },
    {
      line: "Press Ctrl-C to stop.",
      check: async () => {
        login = (await fetch(`http://127.0.0.1:${port}/login`)).status;
      },
    },
  );
  expect(started.out).not.toMatch(/cannot enter|could not start/);
  expect(started.out).toContain("Press Ctrl-C to stop.");
  expect(login).toBe(200);
});

it("the grant is a no-op where the postgres user already gets in, or when not root", () => {
  // Both runs above left every folder on the way reachable: nothing more to grant.
  expect(letPostgresReach([path.resolve("node_modules")])).toEqual([]);
  if (!asRoot) expect(letPostgresReach([project])).toEqual([]);
});
