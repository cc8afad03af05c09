// The sweep commands share one shell (app/server/sweep-command.ts): their argument
// errors name the command and exit 1, and a good run prints what it did and exits 0.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseAt } from "~/server/sweep-command";

function run(script: string, args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", `app/server/${script}.ts`, ...args], {
    env: process.env,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("sweep commands", () => {
  it("reads --at as an ISO time and refuses anything else", () => {
    expect(parseAt(["--at", "2026-12-01T10:00:00Z"]).toISOString()).toBe("2026-12-01T10:00:00.000Z");
    expect(() => parseAt(["--at", "tomorrow"])).toThrow(/--at needs an ISO date and time.*got tomorrow/);
    expect(() => parseAt(["--at"])).toThrow(/got nothing/);
  });

  it.each(["nudges", "comment-notices"])("npm run %s: an unknown argument names the command and exits 1", (script) => {
    const result = run(script, ["--since", "x"]);
    expect(result.stderr).toContain(`Unknown argument --since. Usage: npm run ${script} -- [--at`);
    expect(result.status).toBe(1);
  });

  it.each([
    ["nudges", /Nudge sweep as of 2030-01-05T03:00:00.000Z/],
    ["comment-notices", /Comment-notice sweep as of 2030-01-05T03:00:00.000Z/],
  ])("npm run %s sweeps as of --at and exits 0", (script, heading) => {
    const result = run(script, ["--at", "2030-01-05T03:00:00Z"]);
    expect(result.stdout).toMatch(heading);
    expect(result.status).toBe(0);
  });
});
