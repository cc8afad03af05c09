// `npm start` with NODE_ENV unset runs React's production build: NODE_ENV is
// decided before anything imports React, so no development file is ever loaded.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "waypoint-prod-"));
fs.chmodSync(dataDir, 0o755);
const report = path.join(dataDir, "loaded-react.json");
let child: ChildProcess | null = null;

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

it("npm start with NODE_ENV unset loads only React's production files", { timeout: 240_000 }, async () => {
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.NODE_ENV;
  const scripts = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts as Record<string, string>;
  // `npm start`'s own command, with a preload that reports the React files loaded.
  const [bin, ...args] = scripts.start.split(" ");
  expect(bin).toBe("tsx");
  const running: ChildProcess = spawn(
    process.execPath,
    ["--require", path.resolve("tests/fixtures/react-build/report-loaded-react.cjs"), "--import", "tsx", ...args],
    {
      env: {
        ...env,
        DATABASE_URL: "",
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: "127.0.0.1",
        REPORT_LOADED_REACT: report,
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child = running;
  let out = "";
  running.stdout!.on("data", (d) => (out += d));
  running.stderr!.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes("Press Ctrl-C to stop.")) {
        clearInterval(timer);
        resolve();
      } else if (running.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm start exited early:\n${out}`));
      }
    }, 100);
  });
  // A page render pulls in whatever React the server build uses.
  expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);
  const exit = new Promise((r) => running.once("exit", r));
  running.kill("SIGTERM");
  await exit;

  const loaded = JSON.parse(fs.readFileSync(report, "utf8")) as string[];
  const names = loaded.map((f) => path.relative(path.resolve("node_modules"), f));
  expect(names).toContain(path.join("react", "cjs", "react.production.min.js"));
  expect(names.filter((n) => n.includes("development"))).toEqual([]);
});
