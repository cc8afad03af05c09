// How a milestone marked not applicable reads to everyone: "Not needed" and the
// reason, so a customer sees why the step is gone rather than open work.
import type { ShownMilestone } from "~/modules/journeys/get-journey.server";
import { Badge } from "../ui/badge";

export function NotNeededNote({ milestone: m }: { milestone: Pick<ShownMilestone, "status" | "notApplicableReason"> }) {
  if (m.status !== "not_applicable") return null;
  return (
    <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="not-needed">
      <Badge>Not needed</Badge>
      <span>{m.notApplicableReason}</span>
    </p>
  );
}
