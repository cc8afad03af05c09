// The CSM's escalation: customer steps overdue past the threshold, which the
// customer is no longer reminded about, grouped by account.
import { renderTemplate } from "#emails/index";
import { emailChrome } from "./email-chrome.server";
import { byAccount, milestoneUrl } from "./nudge-links.server";
import type { RenderInput } from "./render-types";

export function renderEscalation({ payload, row, ctx }: RenderInput<"escalation">) {
  const { thresholdDays } = payload;
  return renderTemplate("escalation", {
    ...emailChrome(
      row,
      ctx,
      `You get this because you are the customer success manager for these accounts, and these customer steps are more than ${thresholdDays} days overdue. The customer is no longer reminded about them; you are.`,
    ),
    thresholdDays,
    accounts: byAccount(payload.items).map((g) => ({
      accountName: g.accountName,
      accountUrl: `${ctx.appUrl}/csm/accounts/${g.accountId}`,
      items: g.items.map((i) => ({
        title: i.title,
        stageName: i.stageName,
        ownerName: i.ownerName ?? "Unassigned",
        dueOn: i.dueOn,
        daysOverdue: i.daysOverdue,
        milestoneUrl: milestoneUrl(ctx, true, i.accountId, i.milestoneId),
      })),
    })),
  });
}
