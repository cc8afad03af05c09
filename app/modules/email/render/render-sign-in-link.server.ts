// The sign-in link someone asked for: the one-time token unsealed from the
// outbox into the link, which lasts as long as the payload says.
import { renderTemplate } from "#emails/index";
import { unseal } from "~/utils/seal.server";
import type { RenderInput } from "./render-types";

export function renderSignInLink({ payload, row, ctx }: RenderInput<"sign_in_link">) {
  const token = unseal(ctx.secret, payload.sealedToken);
  return renderTemplate("sign_in_link", {
    productName: ctx.productName,
    vendorName: ctx.vendorName,
    brandColour: ctx.brandColour,
    logoUrl: ctx.logoUrl,
    recipientName: row.recipient_name ?? "there",
    signInUrl: `${ctx.appUrl}/login/link?token=${token}`,
    expiresInMinutes: payload.expiresInMinutes,
    reason: `You get this because someone, hopefully you, asked for a sign-in link to ${ctx.vendorName}'s customer portal at ${ctx.appUrl}.`,
  });
}
