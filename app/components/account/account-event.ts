// How an account-wide change reads in the account's timeline.
import { describeGoalEvent } from "../goals/goal-event";

export function describeAccountEvent(who: string, kind: string, data: Record<string, unknown>): string {
  switch (kind) {
    case "account_created":
      return `${who} created the account`;
    case "account_renamed":
      return `${who} renamed the account from ${String(data.from)} to ${String(data.to)}`;
    case "account_csm_changed":
      return `${who} changed the account's CSM`;
    case "account_timezone_changed":
      return `${who} changed the account's timezone from ${String(data.from)} to ${String(data.to)}`;
    case "account_status_changed":
      if (data.to === "paused") return `${who} paused the account; its journey is on hold`;
      if (data.from === "paused")
        return `${who} set the account ${String(data.to)} after ${Number(data.onHoldDays ?? 0)} days on hold`;
      return `${who} set the account ${String(data.to)}`;
    case "account_archived":
      return `${who} archived the account`;
    case "account_restored":
      return `${who} restored the account from the archive`;
    default:
      if (kind.startsWith("goal_")) return describeGoalEvent(who, kind, data);
      return `${who} changed the account`;
  }
}
