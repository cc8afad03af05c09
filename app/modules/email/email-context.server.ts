// The settings every rendering of an email shares, from the environment and the
// database's signing secret; and the provider, when one is configured.
import type { DB } from "~/utils/db.server";
import { appUrl, type Env, vendorName } from "~/utils/env.server";
import { getSigningSecret } from "~/utils/signing-secret.server";
import { createResendSender, type EmailSender } from "./email-sender.server";
import type { EmailContext } from "./render/render-types";

export async function emailContext(db: DB, env: Env): Promise<EmailContext> {
  return {
    appUrl: appUrl(env),
    productName: "Waypoint",
    vendorName: vendorName(env),
    from: env.EMAIL_FROM,
    secret: await getSigningSecret(db),
  };
}

/** Resend when RESEND_API_KEY is set; otherwise null, and emails are kept for /csm/outbox. */
export function emailSender(env: Env): EmailSender | null {
  return env.RESEND_API_KEY ? createResendSender({ apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL }) : null;
}
