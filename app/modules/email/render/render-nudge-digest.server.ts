// The daily reminder to an owner: their steps due soon or overdue, by account,
// each with a signed "mark as done" link that acts as them for a week.
import { renderTemplate } from "#emails/index";
import type { NudgePayloadItem } from "../email-payloads";
import { DONE_LINK_DAYS, signLink } from "../signed-links.server";
import { emailChrome } from "./email-chrome.server";
import { byAccount, milestoneUrl } from "./nudge-links.server";
import type { EmailContext, OutboxEmailToRender, RenderInput } from "./render-types";

function doneUrl(ctx: EmailContext, row: OutboxEmailToRender, item: NudgePayloadItem): string | null {
  if (!row.recipient_user_id) return null;
  const exp = Math.floor(row.created_at.getTime() / 1000) + DONE_LINK_DAYS * 86400;
  const token = signLink(ctx.secret, { p: "done", u: row.recipient_user_id, m: item.milestoneId, exp });
  return `${ctx.appUrl}/email/done?token=${token}`;
}

/**
 * A staff owner who is neither an admin nor the account's CSM cannot open the
 * account page (a support engineer who owns one step): their step's title links
 * to its "mark as done" page, which shows the step and works for its owner.
 */
function links(ctx: EmailContext, row: OutboxEmailToRender, item: NudgePayloadItem, staff: boolean) {
  const done = doneUrl(ctx, row, item);
  const pageClosed =
    staff && row.recipient_role !== "admin" && item.csmId !== undefined && item.csmId !== row.recipient_user_id;
  return {
    milestoneUrl: pageClosed && done ? done : milestoneUrl(ctx, staff, item.accountId, item.milestoneId),
    doneUrl: done,
  };
}

export function renderNudgeDigest({ payload, row, ctx }: RenderInput<"nudge_digest">) {
  const staff = row.recipient_role !== "customer";
  return renderTemplate("nudge_digest", {
    ...emailChrome(
      row,
      ctx,
      "You get this because you own these steps. We send at most one reminder a day, only in your working hours, and not about the same step more than once every three days.",
    ),
    askedBy: payload.remindedBy ?? null,
    accounts: byAccount(payload.items).map((g) => ({
      accountName: g.accountName,
      items: g.items.map((i) => ({
        title: i.title,
        stageName: i.stageName,
        dueOn: i.dueOn,
        daysOverdue: i.daysOverdue,
        ...links(ctx, row, i, staff),
      })),
    })),
  });
}
