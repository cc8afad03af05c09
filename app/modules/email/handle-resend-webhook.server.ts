// Resend's delivery events: verified against the raw body (Standard Webhooks /
// svix signature), each event id applied once, bounces and complaints suppressed.
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import type { DB } from "~/utils/db.server";

export interface WebhookInput {
  rawBody: string;
  id: string | null;
  timestamp: string | null;
  signature: string | null;
}

export type WebhookOutcome =
  | { status: 200; result: "applied" | "replay" | "ignored" }
  | { status: 400 | 401; result: "rejected"; message: string };

interface ResendEvent {
  type?: string;
  data?: { email_id?: string; to?: string[] | string };
}

const STATUS_FOR: Record<string, "delivered" | "bounced" | "complained"> = {
  "email.delivered": "delivered",
  "email.bounced": "bounced",
  "email.complained": "complained",
};

export async function handleResendWebhook(
  db: DB,
  secret: string,
  input: WebhookInput,
  now: Date,
): Promise<WebhookOutcome> {
  if (!input.id || !input.timestamp || !input.signature) {
    return { status: 400, result: "rejected", message: "Missing svix-id, svix-timestamp or svix-signature header" };
  }
  let event: ResendEvent;
  try {
    // Checks the signature over id.timestamp.body and that the timestamp is
    // within five minutes, so an old captured request cannot be replayed.
    event = new Webhook(secret).verify(input.rawBody, {
      "webhook-id": input.id,
      "webhook-timestamp": input.timestamp,
      "webhook-signature": input.signature,
    }) as ResendEvent;
  } catch (e) {
    if (e instanceof WebhookVerificationError) {
      return { status: 401, result: "rejected", message: "Invalid signature" };
    }
    return { status: 400, result: "rejected", message: "Unreadable webhook body" };
  }

  return db.transaction().execute(async (trx) => {
    const first = await trx
      .insertInto("webhook_receipts")
      .values({ id: input.id!, type: String(event.type ?? "unknown"), received_at: now })
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!first) return { status: 200, result: "replay" } as const;

    const status = STATUS_FOR[event.type ?? ""];
    const providerId = event.data?.email_id;
    if (!status || !providerId) return { status: 200, result: "ignored" } as const;

    // A late "delivered" never overrides a bounce or complaint.
    const updated = await trx
      .updateTable("email_outbox")
      .set({ status, updated_at: now })
      .where("provider_id", "=", providerId)
      .$if(status === "delivered", (q) => q.where("status", "in", ["sent", "delivered"]))
      .returning("to_email")
      .execute();
    if (status !== "delivered") {
      const to = event.data?.to;
      const addresses = new Set(
        [...updated.map((u) => u.to_email), ...(Array.isArray(to) ? to : to ? [to] : [])].map((a) => a.toLowerCase()),
      );
      for (const email of addresses) {
        await trx
          .insertInto("email_suppressions")
          .values({ email, reason: status, created_at: now })
          .onConflict((oc) => oc.column("email").doNothing())
          .execute();
      }
    }
    return { status: 200, result: "applied" } as const;
  });
}
