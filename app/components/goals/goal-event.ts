// How a change to an account's success goal reads in the account's timeline.

import { GOAL_STATUS_LABEL, type GoalStatus } from "~/modules/goals/goal-forms";
import { formatDate } from "~/utils/dates";

const statusWord = (s: unknown) => (GOAL_STATUS_LABEL[s as GoalStatus] ?? String(s)).toLowerCase();

export function describeGoalEvent(who: string, kind: string, data: Record<string, unknown>): string {
  const goal = `the goal "${String(data.title ?? "")}"`;
  switch (kind) {
    case "goal_created":
      return `${who} set ${goal}: ${String(data.measure ?? "")}, by ${formatDate(String(data.targetOn))}`;
    case "goal_edited":
      return `${who} edited ${goal}`;
    case "goal_status_changed":
      return `${who} moved ${goal} from ${statusWord(data.from)} to ${statusWord(data.to)}${data.step ? ` by completing "${String(data.step)}"` : ""}`;
    case "goal_result_recorded":
      return data.result
        ? `${who} recorded the result of ${goal}: ${String(data.result)}`
        : `${who} cleared the result of ${goal}`;
    case "goal_milestone_linked":
      return `${who} linked "${String(data.step ?? "")}" to ${goal}`;
    case "goal_commented":
      return `${who} commented on ${goal}: ${String(data.text ?? "")}`;
    case "goal_milestone_unlinked":
      return `${who} unlinked "${String(data.step ?? "")}" from ${goal}`;
    default:
      return `${who} changed ${goal}`;
  }
}
