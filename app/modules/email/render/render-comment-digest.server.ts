// The comment digest to one person: the comments the sweep grouped for them, by
// account and step, each step linked to the reader's own page where they may open it.
import { renderTemplate } from "#emails/index";
import { formatDateTime } from "~/utils/dates";
import type { CommentPayloadItem } from "../email-payloads";
import { emailChrome } from "./email-chrome.server";
import { byAccount, goalUrl, milestoneUrl } from "./nudge-links.server";
import type { RenderInput } from "./render-types";

const WHY: Record<CommentPayloadItem["reasons"][number], string> = {
  mention: "You were mentioned",
  owner: "You own this step",
  csm: "You are the account's CSM",
};

export function renderCommentDigest({ payload, row, ctx }: RenderInput<"comment_digest">) {
  const staff = row.recipient_role !== "customer";
  // A staff owner who is neither an admin nor the account's CSM cannot open the account page.
  const canOpen = (i: CommentPayloadItem) =>
    !staff || row.recipient_role === "admin" || i.csmId === row.recipient_user_id;
  return renderTemplate("comment_digest", {
    ...emailChrome(
      row,
      ctx,
      "You get this because these comments are on steps you own or your accounts' steps, or mention you. We send at most one a day, only in your working hours.",
    ),
    accounts: byAccount(payload.items).map((g) => {
      // By step or goal, in the order of each one's first comment.
      const steps = new Map<string, CommentPayloadItem[]>();
      for (const i of g.items) {
        const key = i.milestoneId ?? `goal:${i.goalId}`;
        steps.set(key, [...(steps.get(key) ?? []), i]);
      }
      return {
        accountName: g.accountName,
        milestones: [...steps.values()].map((items) => ({
          title: items[0].milestoneId ? items[0].milestoneTitle : `Goal: ${items[0].milestoneTitle}`,
          milestoneUrl: !canOpen(items[0])
            ? null
            : items[0].milestoneId
              ? milestoneUrl(ctx, staff, g.accountId, items[0].milestoneId)
              : goalUrl(ctx, staff, g.accountId, items[0].goalId ?? ""),
          comments: items.map((i) => ({
            authorName: i.authorName,
            body: i.body,
            when: formatDateTime(i.at, payload.timezone),
            why: WHY[i.reasons.includes("mention") ? "mention" : i.reasons[0]],
          })),
        })),
      };
    }),
  });
}
