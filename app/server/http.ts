// The HTTP server around Remix: the Host and body-size limits and the
// same-origin check on every request, static files, and the Remix handler.
// Used by `npm start` and the tests.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { ViteDevServer } from "vite";
import { isOriginCheckExempt, isSameOriginRequest } from "~/utils/origin.server";
import { QUERY_COUNT_HEADER, queryCountingEnabled, withQueryCounter } from "~/utils/query-count.server";
import { BodyTooLargeError, bodyLimitFor, readBodyWithin } from "./body-limit";
import { firstRunGate } from "./first-run-gate";
import { remixHandler } from "./remix-handler";
import { requestUrl } from "./request-url";

export interface AppOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  vite?: ViteDevServer;
  trustProxy?: boolean;
  /** Extra origins accepted besides the request's own (APP_URL behind a proxy). */
  appUrl?: string;
  clientDir?: string;
  /** Whether the portal still waits for its first admin; until then only /setup answers (`npm start` passes it). */
  setupPending?: () => Promise<boolean>;
}

/**
 * Sent with every response. Scripts run only from this origin or with this
 * request's nonce (Remix's inline scripts carry it); styles allow inline
 * attributes, which the email previews and a few components use.
 */
export function securityHeaders(nonce: string, opts: { dev: boolean; https: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    // Vite's hot reload talks over a websocket in development.
    opts.dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    ...(opts.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);

  app.use((req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    for (const [name, value] of Object.entries(securityHeaders(nonce, { dev: !!options.vite, https: req.secure }))) {
      res.setHeader(name, value);
    }
    next();
  });

  // One URL for every decision below and for Remix's routing.
  app.use((req, res, next) => {
    const url = requestUrl({
      protocol: req.protocol,
      originalUrl: req.originalUrl,
      headers: req.headers,
      trustProxy: options.trustProxy ?? false,
    });
    if (!url) {
      res.status(400).type("text/plain").send("Bad request.");
      return;
    }
    res.locals.url = url;
    next();
  });

  app.use((req, res, next) => {
    const url = res.locals.url as URL;
    const expectedOrigins = [url.origin.toLowerCase()];
    if (options.appUrl) expectedOrigins.push(new URL(options.appUrl).origin.toLowerCase());
    const ok = isSameOriginRequest({
      method: req.method,
      path: url.pathname,
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

  // Read before anything parses it, so an oversized body is refused unread.
  app.use(async (req, res, next) => {
    try {
      res.locals.body = await readBodyWithin(req, bodyLimitFor((res.locals.url as URL).pathname));
      next();
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) return next(e);
      // The rest of the body is never read: the connection closes after this answer.
      res.setHeader("Connection", "close");
      res.status(413).type("text/plain").send("Request too large.");
    }
  });

  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

  if (options.vite) {
    app.use(options.vite.middlewares);
  } else {
    const clientDir = options.clientDir ?? path.resolve("build/client");
    app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
    // Pages are not files: only a path under a name the folder holds (favicon.svg, …) goes to
    // the disk, instead of a stat() that fails on every page request.
    const topNames = new Set(fs.existsSync(clientDir) ? fs.readdirSync(clientDir) : []);
    const serveTop = express.static(clientDir, { maxAge: "1h" });
    app.use((req, res, next) => (topNames.has(req.path.split("/")[1] ?? "") ? serveTop(req, res, next) : next()));
  }

  // After the static files, so the setup page keeps its styles and scripts.
  if (options.setupPending) app.use(firstRunGate(options.setupPending));

  if (queryCountingEnabled()) app.use(countQueriesPerRequest);

  app.all(
    "*",
    remixHandler({
      build: options.build,
      context: (_req, res) => {
        const url = res.locals.url as URL;
        return {
          url,
          body: res.locals.body as Buffer | null,
          // Cross-site posts to these paths passed the check above by design; Remix's
          // own Origin-versus-Host check would turn a mail provider's one-click
          // unsubscribe into a 500.
          dropHeaders: isOriginCheckExempt(url.pathname) ? ["origin"] : [],
        };
      },
      // The client's address as Express sees it (X-Forwarded-For only with TRUST_PROXY).
      loadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? null }),
    }),
  );

  // Anything Remix could not turn into a page: a plain answer, never a stack trace.
  app.use(
    (err: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      if (res.headersSent) return;
      // Express marks undecodable URLs 4xx; a bad Host never gets this far.
      const badInput = (err.status ?? 500) < 500;
      const status = badInput ? 400 : 500;
      if (status === 500) console.error(err);
      res
        .status(status)
        .type("text/plain")
        .send(status === 400 ? "Bad request." : "Something went wrong.");
    },
  );
  return app;
}

/** Sends each request's query count in a header (benchmarks only). */
function countQueriesPerRequest(_req: express.Request, res: express.Response, next: express.NextFunction): void {
  withQueryCounter((read) => {
    // Node writes the head through writeHead whether a response sets it or not.
    const writeHead = res.writeHead;
    res.writeHead = function (this: express.Response, ...args: unknown[]) {
      if (!this.headersSent) this.setHeader(QUERY_COUNT_HEADER, String(read()));
      return (writeHead as (...a: unknown[]) => express.Response).apply(this, args);
    } as typeof res.writeHead;
    next();
  });
}
