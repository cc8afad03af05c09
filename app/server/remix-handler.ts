// Hands a request to Remix: on the URL the server's checks were made on, with
// the body already read within its limit, and never stored by a shared cache.
import {
  type AppLoadContext,
  createRequestHandler,
  type ServerBuild,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import type express from "express";

/**
 * Every page and data answer depends on who asks and carries a per-request
 * CSP nonce, so none may be kept by a browser's or a proxy's cache.
 */
export const PAGE_CACHE_CONTROL = "private, no-store";

export interface RemixRequestContext {
  url: URL;
  body: Buffer | null;
  /** Headers Remix must not see (Origin on paths that take cross-site posts). */
  dropHeaders: string[];
}

export function remixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode?: string;
  context: (req: express.Request, res: express.Response) => RemixRequestContext;
  loadContext: (req: express.Request, res: express.Response) => AppLoadContext;
}): express.RequestHandler {
  const handle = createRequestHandler(options.build, options.mode ?? process.env.NODE_ENV);
  return async (req, res, next) => {
    try {
      const { url, body, dropHeaders } = options.context(req, res);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || dropHeaders.includes(name)) continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      // Loaders and actions stop when the client goes away before the answer is sent.
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(url, {
        method: req.method,
        headers,
        body: hasBody ? new Uint8Array(body ?? []) : undefined,
        signal: controller.signal,
      });
      const response = await handle(request, options.loadContext(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [name, value] of response.headers) res.append(name, value);
      if (!response.headers.has("cache-control")) res.setHeader("Cache-Control", PAGE_CACHE_CONTROL);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}
