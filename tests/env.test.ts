// Start-up configuration: a bad variable stops the process with its name.
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { parseEnv } from "~/utils/env.server";

it("applies defaults and treats empty values as unset", () => {
  const env = parseEnv({ PORT: "", DATABASE_URL: "" });
  expect(env.PORT).toBe(3000);
  expect(env.DATABASE_URL).toBeUndefined();
  expect(env.DATA_DIR).toBe(".data");
});

it("names each malformed variable", () => {
  expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
  expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres/);
  expect(() => parseEnv({ EMBEDDED_PG_PORT: "5432" })).toThrow(/EMBEDDED_PG_PORT: must not be 5432/);
  expect(() => parseEnv({ APP_URL: "portal" })).toThrow(/APP_URL/);
  expect(() => parseEnv({ TRUST_PROXY: "maybe" })).toThrow(/TRUST_PROXY/);
});

it("npm start exits non-zero with the variable's name", () => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "app/server/start.ts"], {
    env: { ...process.env, PORT: "not-a-port", DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("PORT");
});
