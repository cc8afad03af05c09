// The CSM's alert for a low survey answer: who answered what, and a link to the account.
import { renderTemplate } from "#emails/index";
import { emailChrome } from "./email-chrome.server";
import type { RenderInput } from "./render-types";

export function renderPulseAlert({ payload: p, row, ctx }: RenderInput<"pulse_alert">) {
  return renderTemplate("pulse_alert", {
    ...emailChrome(row, ctx, "You get this email because you are the customer success manager for this account."),
    accountName: p.accountName,
    respondentName: p.respondentName,
    question: p.question,
    stageName: p.stageName,
    score: p.score,
    feeling: p.feeling,
    comment: p.comment,
    accountUrl: `${ctx.appUrl}/csm/accounts/${p.accountId}#pulse`,
  });
}
