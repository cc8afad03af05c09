// The HTTP layer under hostile input: oversized bodies, crafted Host headers,
// one-click unsubscribe from a mail provider, log noise and caching of pages.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signLink } from "~/modules/email/signed-links.server";
import { MAX_BODY_BYTES } from "~/server/body-limit";
import { createApp } from "~/server/http";
import { getSigningSecret } from "~/utils/signing-secret.server";
import { countRows, db, makeAccount, makePlaybook, makeStaff, sessionCookie, type TestAccount } from "./factories";

let vite: ViteDevServer;
let httpServer: http.Server;
let server: { url: string; get(path: string, cookie?: string): Promise<Response> };
let port: number;
let account: TestAccount;
let customerCookie: string;
let csmCookie: string;

// Webhooks are on when a secret is set. Set before any request: the server reads
// the environment once, and every page's root loader (the workspace's brand) reads it.
process.env.RESEND_WEBHOOK_SECRET = `whsec_${Buffer.from("hardening-secret").toString("base64")}`;

/**
 * The app as `npm start` serves it: Vite only compiles the routes, its own
 * middleware (and its host check) stays out of the way, and Remix runs in
 * production mode, where it logs what it logs in production.
 */
beforeAll(async () => {
  vite = await createServer({
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: "custom",
    logLevel: "error",
  });
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    const app = createApp({
      build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    });
    httpServer = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  server = {
    url,
    get: (path, cookie) => fetch(url + path, { redirect: "manual", headers: cookie ? { cookie } : {} }),
  };
  const csm = await makeStaff();
  account = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
  customerCookie = await sessionCookie(account.contacts[0].id);
  csmCookie = await sessionCookie(csm.id);
});

afterAll(async () => {
  httpServer?.closeAllConnections();
  await new Promise<void>((r) => (httpServer ? httpServer.close(() => r()) : r()));
  await vite?.close();
});

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A request through node:http, which (unlike fetch) sends any Host header and
 * can stream a body without a Content-Length. A connection the server closes
 * while the body is still going out counts as its answer if one arrived.
 */
function raw(opts: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sends the body in chunks of this size, without a Content-Length. */
  chunked?: number;
}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: opts.method ?? "GET",
      path: opts.path,
      headers: opts.headers,
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
    if (body && opts.chunked) {
      let at = 0;
      const next = () => {
        while (at < body.length) {
          const chunk = body.subarray(at, at + opts.chunked!);
          at += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", next);
        }
        req.end();
      };
      // Writes to a socket the server has closed fail; the answer already arrived.
      req.on("error", () => {});
      next();
    } else {
      if (body) req.setHeader("content-length", String(body.length));
      req.end(body);
    }
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("request body size", () => {
  it("refuses an anonymous sign-in body past the limit before reading it", async () => {
    const body = form({ email: "a@b.test", password: "x".repeat(1024 * 1024) });
    const res = await raw({
      method: "POST",
      path: "/login",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
      body,
    });
    expect(res.status).toBe(413);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.body.length).toBeLessThan(200);
  });

  it("refuses a streamed body without a Content-Length once it passes the limit, and writes nothing", async () => {
    const before = await countRows("milestone_events");
    const body = form({
      intent: "complete",
      milestoneId: account.m["Sign contract"],
      padding: "x".repeat(MAX_BODY_BYTES),
    });
    const res = await raw({
      method: "POST",
      path: "/journey",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, cookie: customerCookie },
      body,
      chunked: 8 * 1024,
    });
    expect(res.status).toBe(413);
    expect(await countRows("milestone_events")).toBe(before);
  });

  it("still serves a form just under the limit, streamed or not", async () => {
    const padding = "x".repeat(MAX_BODY_BYTES - 200);
    const headers = { "content-type": "application/x-www-form-urlencoded", origin: server.url };
    const body = form({ email: "nobody@nowhere.test", password: "wrong", padding });
    expect((await raw({ method: "POST", path: "/login", headers, body })).status).toBe(400);
    expect((await raw({ method: "POST", path: "/login", headers, body, chunked: 4096 })).status).toBe(400);
  });

  it("keeps the Resend webhook's own larger limit", async () => {
    const headers = { "content-type": "application/json" };
    // Past the form limit but within the webhook's: the signature check answers.
    const mid = JSON.stringify({ pad: "x".repeat(100 * 1024) });
    expect((await raw({ method: "POST", path: "/webhooks/resend", headers, body: mid })).status).toBe(400);
    const big = JSON.stringify({ pad: "x".repeat(300 * 1024) });
    expect((await raw({ method: "POST", path: "/webhooks/resend", headers, body: big })).status).toBe(413);
  });
});

describe("Host header", () => {
  it.each([
    [`127.0.0.1:PORT/journey?`],
    [`127.0.0.1/journey?`],
    [`127.0.0.1:PORT/journey#`],
    [`127.0.0.1:PORT@evil.example`],
    [`evil example`],
  ])("refuses %s and runs no action through the exempt path", async (host) => {
    const before = await countRows("milestone_events");
    const res = await raw({
      method: "POST",
      path: "/email/unsubscribe",
      headers: {
        host: host.replace("PORT", String(port)),
        cookie: customerCookie,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: form({ intent: "complete", milestoneId: account.m["Sign contract"] }),
    });
    expect(res.status).toBe(400);
    expect(await countRows("milestone_events")).toBe(before);
  });

  it("accepts a plain host, host:port, a container name and a bracketed IPv6 address", async () => {
    for (const host of [
      "localhost",
      `127.0.0.1:${port}`,
      "portal.example.com:8443",
      "waypoint_web:3000",
      "[::1]:3000",
    ]) {
      expect((await raw({ path: "/login", headers: { host } })).status).toBe(200);
    }
  });

  it("holds X-Forwarded-Host to the same rule behind a trusted proxy", async () => {
    const app = createApp({
      build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
      trustProxy: true,
    });
    const proxied: http.Server = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const ownPort = port;
    port = (proxied.address() as AddressInfo).port;
    try {
      const before = await countRows("milestone_events");
      const res = await raw({
        method: "POST",
        path: "/email/unsubscribe",
        headers: {
          "x-forwarded-host": "portal.example.com/journey?",
          cookie: customerCookie,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: form({ intent: "complete", milestoneId: account.m["Sign contract"] }),
      });
      expect(res.status).toBe(400);
      expect(await countRows("milestone_events")).toBe(before);
      const ok = await raw({ path: "/login", headers: { "x-forwarded-host": "portal.example.com" } });
      expect(ok.status).toBe(200);
    } finally {
      port = ownPort;
      proxied.closeAllConnections();
      await new Promise<void>((r) => proxied.close(() => r()));
    }
  });
});

describe("one-click unsubscribe from a mail provider", () => {
  it("answers 200 and unsubscribes when the POST carries the provider's Origin", async () => {
    const contact = account.contacts[1].id;
    const token = signLink(await getSigningSecret(db()), { p: "unsubscribe", u: contact, c: "nudges" });
    const res = await raw({
      method: "POST",
      path: `/email/unsubscribe?token=${token}`,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example.com" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    const row = await db()
      .selectFrom("users")
      .select("nudges_enabled")
      .where("id", "=", contact)
      .executeTakeFirstOrThrow();
    expect(row.nudges_enabled).toBe(false);
  });

  it("still refuses a cross-site POST to any other page", async () => {
    const res = await raw({
      method: "POST",
      path: "/journey",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://mail.example.com",
        cookie: customerCookie,
      },
      body: form({ intent: "complete", milestoneId: account.m["Sign contract"] }),
    });
    expect(res.status).toBe(403);
  });
});

describe("log lines", () => {
  it.each([["/journey?_data=routes%2Fjourney"], ["/journey.data"], ["/csm?_data=routes%2Fcsm._index"]])(
    "an anonymous %s writes at most one line and no stack trace",
    async (path) => {
      const lines: string[] = [];
      const capture = (...args: unknown[]) => {
        lines.push(
          ...args
            .map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a)))
            .join(" ")
            .split("\n"),
        );
      };
      const spies = (["error", "warn", "log", "info"] as const).map((m) =>
        vi.spyOn(console, m).mockImplementation(capture),
      );
      // Errors are logged as in production; tests are otherwise kept quiet.
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = "production";
      try {
        const res = await server.get(path);
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      } finally {
        process.env.NODE_ENV = nodeEnv;
        for (const s of spies) s.mockRestore();
      }
      expect(lines.length).toBeLessThanOrEqual(1);
      expect(lines.join("\n")).not.toMatch(/^\s+at /m);
    },
  );
});

describe("caching", () => {
  it.each([
    ["customer", "/journey"],
    ["customer", "/journey.data"],
    ["customer", "/settings/notifications"],
    ["csm", "/csm"],
    ["csm", "/csm.data"],
  ])("a signed-in %s's %s is sent with Cache-Control: private, no-store", async (who, path) => {
    const res = await server.get(path, who === "csm" ? csmCookie : customerCookie);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("a redirect of a signed-in person and an action's answer are not stored either", async () => {
    const home = await server.get("/", customerCookie);
    expect(home.status).toBe(302);
    expect(home.headers.get("cache-control")).toBe("private, no-store");
    const saved = await raw({
      method: "POST",
      path: "/settings/notifications",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, cookie: customerCookie },
      body: form({ nudges: "on", lifecycle: "on" }),
    });
    expect(saved.status).toBe(200);
    expect(saved.headers["cache-control"]).toBe("private, no-store");
  });
});
