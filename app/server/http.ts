// The HTTP server around Remix: the same-origin check on every state-changing
// request, static files, and the Remix handler. Used by `npm start` and the tests.
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { ViteDevServer } from "vite";
import { isSameOriginRequest } from "../utils/origin.server";

export interface AppOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  vite?: ViteDevServer;
  trustProxy?: boolean;
  /** Extra origins accepted besides the request's own (APP_URL behind a proxy). */
  appUrl?: string;
  clientDir?: string;
}

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);

  app.use((req, res, next) => {
    const own = `${req.protocol}://${req.get("host")}`.toLowerCase();
    const expectedOrigins = [own];
    if (options.appUrl) expectedOrigins.push(new URL(options.appUrl).origin.toLowerCase());
    const ok = isSameOriginRequest({
      method: req.method,
      path: req.path,
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
      expectedOrigins,
    });
    if (!ok) {
      res.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
    next();
  });

  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

  if (options.vite) {
    app.use(options.vite.middlewares);
  } else {
    const clientDir = options.clientDir ?? path.resolve("build/client");
    app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(clientDir, { maxAge: "1h" }));
  }

  app.all("*", createRequestHandler({ build: options.build as never }));

  // Anything Remix could not turn into a page (e.g. a malformed Host header):
  // a plain answer, never a stack trace.
  app.use((err: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (res.headersSent) return;
    // Express marks undecodable URLs 4xx; Remix throws "Invalid URL" for a bad Host.
    const badInput = (err.status ?? 500) < 500 || (err instanceof TypeError && /Invalid URL/.test(err.message));
    const status = badInput ? 400 : 500;
    if (status === 500) console.error(err);
    res.status(status).type("text/plain").send(status === 400 ? "Bad request." : "Something went wrong.");
  });
  return app;
}
