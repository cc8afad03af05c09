// The first run from a shell and from `npm start`, as separate processes on this
// file's database: `npm run admin:create`'s exit codes and output, and the
// setup link `npm start` prints when there is no admin.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { afterAll, expect, it } from "vitest";
import { verifyPassword } from "~/modules/auth/password.server";
import { db } from "./factories";

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

function run(script: string, args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  child.stdin!.end(opts.stdin ?? "");
  const code = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  return { child, output: () => out, code };
}

const adminCreate = (args: string[], stdin?: string) => run("app/server/admin-create.ts", args, { stdin });

it("npm run admin:create is a script in package.json", () => {
  const scripts = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts as Record<string, string>;
  expect(scripts["admin:create"]).toBe("tsx app/server/admin-create.ts");
});

it("admin:create refuses bad arguments with 2, creates the admin with 0, then refuses with 1", {
  timeout: 120_000,
}, async () => {
  const missing = adminCreate(["--email", "cli@vendor.test"]);
  expect(await missing.code).toBe(2);
  expect(missing.output()).toContain("Usage: npm run admin:create");
  const onCommandLine = adminCreate(["--email", "cli@vendor.test", "--name", "Cli", "--password", "x"]);
  expect(await onCommandLine.code).toBe(2);
  expect(onCommandLine.output()).toContain("--password-stdin");
  const badEmail = adminCreate(["--email", "nope", "--name", "Cli"]);
  expect(await badEmail.code).toBe(2);
  expect(badEmail.output()).toContain("Enter a valid email address.");
  const shortPassword = adminCreate(["--email", "cli@vendor.test", "--name", "Cli", "--password-stdin"], "short\n");
  expect(await shortPassword.code).toBe(2);
  expect(shortPassword.output()).toContain("Use at least 10 characters");
  expect(await db().selectFrom("users").select("id").execute()).toEqual([]);

  const created = adminCreate(
    ["--email", "CLI@vendor.test", "--name", "Cli Admin", "--password-stdin"],
    "a password from stdin\n",
  );
  expect(await created.code, created.output()).toBe(0);
  expect(created.output()).toContain("Created the first admin: Cli Admin <cli@vendor.test>.");
  expect(created.output()).toMatch(/Sign in at http:\/\/\S+\/login/);
  const admin = await db()
    .selectFrom("users")
    .select(["role", "password_hash"])
    .where("email", "=", "cli@vendor.test")
    .executeTakeFirstOrThrow();
  expect(admin.role).toBe("admin");
  // The newline that ended the piped password is not part of it.
  expect(await verifyPassword(admin.password_hash, "a password from stdin")).toBe(true);

  const again = adminCreate(["--email", "second@vendor.test", "--name", "Second"]);
  expect(await again.code).toBe(1);
  expect(again.output()).toContain("Waypoint already has an admin");
  expect(await db().selectFrom("users").select("id").execute()).toHaveLength(1);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

it("npm start without the demo prints a setup link until an admin exists", { timeout: 180_000 }, async () => {
  await db()
    .updateTable("users")
    .set({ deactivated_at: new Date("2026-12-01T09:00:00Z") })
    .execute();
  const start = async () => {
    const port = await freePort();
    const portal = run("app/server/start.ts", ["--dev"], {
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        HMR_PORT: String(await freePort()),
        SEED_DEMO: "false",
        RUN_WORKER: "false",
      },
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (portal.output().includes("Press Ctrl-C to stop.")) {
          clearInterval(timer);
          resolve();
        } else if (portal.child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`npm start exited early:\n${portal.output()}`));
        }
      }, 100);
    });
    return { ...portal, url: `http://127.0.0.1:${port}` };
  };
  // Only that it stops: in --dev, Vite's own SIGTERM handler decides the exit code.
  const stop = async (p: Awaited<ReturnType<typeof start>>) => {
    p.child.kill("SIGTERM");
    await p.code;
  };

  const first = await start();
  const link = /No admin yet\. Open this one-time link.*\n\s+(http:\/\/\S+\/setup\?token=[\w-]{43})\n/.exec(
    first.output(),
  )?.[1];
  expect(link, first.output()).toBeTruthy();
  expect(first.output()).not.toContain("Demo logins");
  const login = await fetch(`${first.url}/login`, { redirect: "manual", headers: { accept: "text/html" } });
  expect(login.status).toBe(303);
  expect(login.headers.get("location")).toBe("/setup");
  const created = await fetch(link!, {
    method: "POST",
    redirect: "manual",
    headers: { origin: new URL(link!).origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name: "Started Admin", email: "started@vendor.test", password: "" }),
  });
  expect(created.status).toBe(302);
  expect((await fetch(`${first.url}/login`, { headers: { accept: "text/html" } })).status).toBe(200);
  await stop(first);

  const second = await start();
  expect(second.output()).not.toContain("No admin yet");
  expect((await fetch(`${second.url}/login`, { headers: { accept: "text/html" } })).status).toBe(200);
  await stop(second);
});
