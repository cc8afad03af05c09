// The settings every rendering of an email shares, from the workspace settings
// (vendor name, colour, logo) over the environment's defaults, and the
// database's signing secret; and the provider, when one is configured.
import { getWorkspace } from "~/modules/workspace/workspace-settings.server";
import type { DB } from "~/utils/db.server";
import { appUrl, type Env } from "~/utils/env.server";
import { getSigningSecret } from "~/utils/signing-secret.server";
import { createResendSender, type EmailSender } from "./email-sender.server";
import type { EmailContext } from "./render/render-types";

/**
 * EMAIL_FROM with the vendor's name as the display name. The name is quoted
 * (RFC 5322) so a comma or a dot in it cannot split the address; the settings
 * form keeps it on one line.
 */
export function fromWithName(emailFrom: string, name: string): string {
  const address = emailFrom.match(/<([^<>]+)>\s*$/)?.[1] ?? emailFrom.trim();
  return `"${name.replace(/["\\]/g, "\\$&")}" <${address}>`;
}

export async function emailContext(db: DB, env: Env): Promise<EmailContext> {
  const url = appUrl(env);
  const workspace = await getWorkspace(db, env);
  return {
    appUrl: url,
    productName: "Waypoint",
    vendorName: workspace.vendorName,
    brandColour: workspace.brandColour,
    logoUrl: workspace.logoVersion ? `${url}/brand/logo?v=${workspace.logoVersion}` : null,
    // Without a name in the settings, EMAIL_FROM is sent exactly as configured.
    from: workspace.stored.vendorName ? fromWithName(env.EMAIL_FROM, workspace.vendorName) : env.EMAIL_FROM,
    secret: await getSigningSecret(db),
  };
}

/** Resend when RESEND_API_KEY is set; otherwise null, and emails are kept for /csm/outbox. */
export function emailSender(env: Env): EmailSender | null {
  return env.RESEND_API_KEY ? createResendSender({ apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL }) : null;
}
