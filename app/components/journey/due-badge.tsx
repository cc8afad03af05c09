// How close a step is to its date, in one word or two: red only for a required
// step that is late; an optional step past its date gets a calm note.
import type { DueState } from "~/utils/dates";
import { Badge } from "../ui/badge";

export function DueBadge({ state }: { state: DueState }) {
  if (state === "overdue") return <Badge tone="red">Overdue</Badge>;
  if (state === "due-soon") return <Badge tone="amber">Due soon</Badge>;
  if (state === "optional-past") return <Badge>optional · past its date</Badge>;
  return null;
}
