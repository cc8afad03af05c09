// Server rendering with the request's CSP nonce on every inline script React
// and Remix emit. Every page is sent whole, in one write (ADR 019): loaders have
// finished before rendering starts and no page defers data, so streaming sent the
// same bytes in many small writes, each a trip through web streams and a syscall.
import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";

const ABORT_AFTER_MS = 5_000;

export default function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
): Promise<Response> {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  return new Promise((resolve, reject) => {
    let failed = false;
    const ready = () => {
      const chunks: Buffer[] = [];
      const body = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      });
      body.on("finish", () => {
        clearTimeout(timer);
        headers.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(Buffer.concat(chunks), { status: failed ? 500 : status, headers }));
      });
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_AFTER_MS} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady: ready,
        onShellError: reject,
        onError(error: unknown) {
          failed = true;
          console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_AFTER_MS + 1_000);
  });
}

/**
 * Errors from loaders and actions. Remix warns with a stack trace on every
 * `?_data=` request (single fetch replaced them; scanners still send them):
 * one line is enough. A request the client dropped is not an error.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  // As Remix's default: tests provoke errors on purpose.
  if (request.signal.aborted || process.env.NODE_ENV === "test") return;
  if (
    error instanceof Error &&
    /^Warning: Single fetch-enabled apps should not be making \?_data requests/.test(error.message)
  ) {
    console.warn(`Legacy ?_data request: ${request.method} ${new URL(request.url).pathname}`);
    return;
  }
  // Remix wraps its own refusals (405, 404) around the Error that explains them.
  const cause = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined;
  console.error(cause ?? error);
};
