// Resend's delivery events (delivered, bounced, complained). The raw body is
// read once and verified before anything is stored.
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleResendWebhook } from "~/modules/email/handle-resend-webhook.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

const MAX_BODY_BYTES = 256 * 1024;

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

export async function loader() {
  return json({ error: "POST Resend webhook events here" }, 405);
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Method not allowed" }, 405);
  const secret = getEnv().RESEND_WEBHOOK_SECRET;
  if (!secret) return json({ error: "Webhooks are not configured: set RESEND_WEBHOOK_SECRET" }, 404);
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) return json({ error: "Body too large" }, 413);
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return json({ error: "Body too large" }, 413);
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
