// Serves the app through the same Express stack as `npm start` (Origin check,
// Remix handler), with a Vite dev build, on a free port, for route tests.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { createServer } from "vite";
import { createApp } from "../../app/server/http";

export interface TestServer {
  url: string;
  close(): Promise<void>;
  get(path: string, cookie?: string): Promise<Response>;
  post(
    path: string,
    body: Record<string, string>,
    opts?: { cookie?: string; origin?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
}

export async function startTestServer(options: { setupPending?: () => Promise<boolean> } = {}): Promise<TestServer> {
  const vite = await createServer({
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: "custom",
    logLevel: "error",
  });
  const app = createApp({
    build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    vite,
    setupPending: options.setupPending,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await vite.close();
    },
    get: (path, cookie) => fetch(url + path, { redirect: "manual", headers: cookie ? { cookie } : {} }),
    post: (path, body, opts = {}) => {
      const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", ...opts.headers };
      if (opts.cookie) headers.cookie = opts.cookie;
      if (opts.origin !== null) headers.origin = opts.origin ?? url;
      return fetch(url + path, { method: "POST", redirect: "manual", headers, body: new URLSearchParams(body) });
    },
  };
}
