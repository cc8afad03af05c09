// An invitation to the portal: the one-time token unsealed from the outbox into
// the accept link, which lasts as long as the payload says.
import { renderTemplate } from "#emails/index";
import { unseal } from "~/utils/seal.server";
import type { RenderInput } from "./render-types";

export function renderInvitation({ payload: p, row, ctx }: RenderInput<"invitation">) {
  const token = unseal(ctx.secret, p.sealedToken);
  return renderTemplate("invitation", {
    productName: ctx.productName,
    vendorName: ctx.vendorName,
    brandColour: ctx.brandColour,
    logoUrl: ctx.logoUrl,
    recipientName: row.recipient_name ?? "there",
    inviterName: p.inviterName,
    accountName: p.accountName,
    roleLabel: p.roleLabel,
    acceptUrl: `${ctx.appUrl}/invitations/accept?token=${token}`,
    expiresInDays: p.expiresInDays,
    reason: `You get this because ${p.inviterName} invited this address to ${ctx.vendorName}'s customer portal. If you do not want to join, ignore it; nothing happens.`,
  });
}
