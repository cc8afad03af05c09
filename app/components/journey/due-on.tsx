import { formatDate } from "~/utils/dates";

/** A step's due date, or, for a step due from its stage's entry, when that will be known (ADR 036). */
export function DueOn({ dueOn, className }: { dueOn: string | null; className?: string }) {
  if (dueOn === null) return <span className={className}>when its stage starts</span>;
  return (
    <time dateTime={dueOn} className={className}>
      {formatDate(dueOn)}
    </time>
  );
}
