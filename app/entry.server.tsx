// Server rendering with the request's CSP nonce on every inline script React
// and Remix emit. Crawlers get the whole document at once; browsers stream it.
import { PassThrough } from "node:stream";
import {
  type AppLoadContext,
  createReadableStreamFromReadable,
  type EntryContext,
  type HandleErrorFunction,
} from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
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
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let failed = false;
    const ready = () => {
      const body = new PassThrough();
      headers.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(createReadableStreamFromReadable(body), { status: failed ? 500 : status, headers }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_AFTER_MS} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]: ready,
        onShellError: reject,
        onError(error: unknown) {
          failed = true;
          // Errors after the shell went out are logged; the page shows the error boundary.
          console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_AFTER_MS + 1_000);
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
