// How much of a request body the server accepts: the whole body is read, up to
// a limit, before Remix parses anything, so an oversized upload costs no memory.
import type { IncomingMessage } from "node:http";

/** Every form in the portal fits in a few KiB; this leaves room for long notes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Resend's delivery events are larger; the webhook route checks its own limit again. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

/** A CSV import of 10,000 rows of accounts and contacts fits in well under this. */
export const MAX_IMPORT_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The workspace settings take a logo upload. The logo's own limit (512 KiB) is
 * checked by the page, which says so in words; this one is four times that so
 * a somewhat-too-large logo gets that message rather than a bare 413.
 */
export const MAX_SETTINGS_BODY_BYTES = 2 * 1024 * 1024;

/** The playbook editor sends the whole draft as it saves; a large playbook is some hundreds of KiB. */
export const MAX_PLAYBOOK_BODY_BYTES = 1024 * 1024;

/** The limit for a request routed on `pathname`. */
export function bodyLimitFor(pathname: string): number {
  if (/^\/webhooks\/resend\/?$/.test(pathname)) return MAX_WEBHOOK_BODY_BYTES;
  if (/^\/admin\/settings\/?$/.test(pathname)) return MAX_SETTINGS_BODY_BYTES;
  if (/^\/admin\/import\/?$/.test(pathname)) return MAX_IMPORT_BODY_BYTES;
  if (/^\/admin\/playbooks\/[^/]+\/?$/.test(pathname)) return MAX_PLAYBOOK_BODY_BYTES;
  return MAX_BODY_BYTES;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body larger than ${limit} bytes`);
  }
}

/**
 * The request's body, or null when it has none. Throws BodyTooLargeError as
 * soon as the declared or the streamed size passes `limit`; the bytes read so
 * far are dropped and the rest is never read.
 */
export async function readBodyWithin(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (declared !== undefined && Number(declared) > limit) throw new BodyTooLargeError(limit);
  if (!chunked && (declared === undefined || Number(declared) === 0)) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
