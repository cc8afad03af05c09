// What reminder digests and escalations share: their items grouped by account,
// and links straight to a milestone on the reader's page.
import type { EmailContext } from "./render-types";

/**
 * Both pages show some stages as one line (the customer's every stage but the current, the staff's
 * those finished before today); `?step=` opens the stage that holds the step wherever it is by the
 * time the link is followed.
 */
export function milestoneUrl(ctx: EmailContext, staff: boolean, accountId: string, milestoneId: string): string {
  const page = staff ? `/csm/accounts/${accountId}?step=${milestoneId}` : `/journey?step=${milestoneId}`;
  return `${ctx.appUrl}${page}#milestone-${milestoneId}`;
}

/** A goal on the reader's page: the staff's goals page, or the top of the customer's journey. */
export function goalUrl(ctx: EmailContext, staff: boolean, accountId: string, goalId: string): string {
  const page = staff ? `/csm/accounts/${accountId}/goals` : "/journey";
  return `${ctx.appUrl}${page}#goal-${goalId}`;
}

/** Groups items by account in order of each account's oldest item (items arrive oldest first). */
export function byAccount<T extends { accountId: string; accountName: string }>(items: T[]) {
  const groups = new Map<string, { accountId: string; accountName: string; items: T[] }>();
  for (const item of items) {
    const g = groups.get(item.accountId) ?? { accountId: item.accountId, accountName: item.accountName, items: [] };
    g.items.push(item);
    groups.set(item.accountId, g);
  }
  return [...groups.values()];
}
