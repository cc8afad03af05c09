// One person in a list of people (the team, an account's contacts): name,
// state badge and details on the left, the forms that act on them on the right.
import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "~/components/ui/badge";

export interface PersonRowProps {
  name: string;
  state: { label: string; tone?: BadgeTone };
  /** The grey line under the name: email, role, last seen. */
  details: ReactNode;
  testId: string;
  /** Side by side from this screen width on. */
  from: "sm" | "md";
  /** The forms that act on this person; none for someone who has left. */
  actions?: ReactNode;
}

const ROW = {
  sm: "flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between",
  md: "flex flex-col gap-2 p-4 md:flex-row md:items-center md:justify-between",
} as const;

export function PersonRow({ name, state, details, testId, from, actions }: PersonRowProps) {
  return (
    <li className={ROW[from]} data-testid={testId}>
      <div className="min-w-0">
        <p className="font-medium">
          {name} <Badge tone={state.tone}>{state.label}</Badge>
        </p>
        <p className="truncate text-sm text-slate-600">{details}</p>
      </div>
      {actions && <div className="flex shrink-0 flex-wrap gap-2 text-sm">{actions}</div>}
    </li>
  );
}
