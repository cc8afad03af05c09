// Resend's delivery events (delivered, bounced, complained). The raw body is
// read once and verified before anything is stored.
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleResendWebhook } from "~/modules/email/handle-resend-webhook.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

const MAX_BODY_BYTES = 256 * 1024;

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** The body as text, or null past `limit` bytes. Never buffers more than that;
 * the rest is read and dropped so the client still gets its 413. */
async function readLimited(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return null;
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size <= limit) chunks.push(value);
    else chunks.length = 0;
  }
  return size > limit ? null : Buffer.concat(chunks).toString("utf8");
}

export async function loader() {
  return json({ error: "POST Resend webhook events here" }, 405);
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Method not allowed" }, 405);
  const secret = getEnv().RESEND_WEBHOOK_SECRET;
  if (!secret) return json({ error: "Webhooks are not configured: set RESEND_WEBHOOK_SECRET" }, 404);
  const rawBody = await readLimited(request, MAX_BODY_BYTES);
  if (rawBody === null) return json({ error: "Body too large" }, 413);
  const outcome = await handleResendWebhook(
    getDb(),
    secret,
    {
      rawBody,
      id: request.headers.get("svix-id") ?? request.headers.get("webhook-id"),
      timestamp: request.headers.get("svix-timestamp") ?? request.headers.get("webhook-timestamp"),
      signature: request.headers.get("svix-signature") ?? request.headers.get("webhook-signature"),
    },
    new Date(),
  );
  return outcome.status === 200
    ? json({ ok: true, result: outcome.result }, 200)
    : json({ error: outcome.message }, outcome.status);
}
