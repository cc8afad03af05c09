// What every notification email shares around its body: who it greets, the
// settings link, and the signed one-click unsubscribe with its RFC 8058 headers.
import type { EmailChrome } from "#emails/index";
import { emailCategory } from "../kind-rules";
import { signLink } from "../signed-links.server";
import type { EmailContext, OutboxEmailToRender } from "./render-types";

export function unsubscribeUrl(ctx: EmailContext, row: OutboxEmailToRender): string | undefined {
  const category = emailCategory(row.kind);
  if (!row.recipient_user_id || !category) return undefined;
  const token = signLink(ctx.secret, { p: "unsubscribe", u: row.recipient_user_id, c: category });
  return `${ctx.appUrl}/email/unsubscribe?token=${token}`;
}

/** RFC 8058 headers for an email one can opt out of; none for emails a person asked for. */
export function outboxEmailHeaders(row: OutboxEmailToRender, ctx: EmailContext): Record<string, string> {
  const unsubscribe = unsubscribeUrl(ctx, row);
  return unsubscribe
    ? { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
    : {};
}

export function emailChrome(row: OutboxEmailToRender, ctx: EmailContext, reason: string): EmailChrome {
  return {
    productName: ctx.productName,
    vendorName: ctx.vendorName,
    brandColour: ctx.brandColour,
    logoUrl: ctx.logoUrl,
    recipientName: row.recipient_name ?? "there",
    reason,
    settingsUrl: `${ctx.appUrl}/settings/notifications`,
    unsubscribeUrl: unsubscribeUrl(ctx, row),
  };
}
