// At the top of the customer's page after a step finishes a stage: what was achieved and what comes
// next, in the words the live region says. Dismissing is a link back to the plain page, so it works
// without script; with script it only puts the panel away and moves focus to the page's heading.
import { Link } from "@remix-run/react";

export function StageDonePanel({ notice, onDismiss }: { notice: string; onDismiss: () => void }) {
  return (
    <section
      aria-labelledby="stage-done-heading"
      className="mb-6 rounded-xl border border-emerald-300 bg-emerald-50 p-5"
      data-testid="stage-done"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id="stage-done-heading" className="text-lg font-semibold text-emerald-900">
          Stage complete
        </h2>
        <Link
          to="/journey"
          onClick={(e) => {
            e.preventDefault();
            onDismiss();
          }}
          className="text-sm font-medium text-emerald-900 underline hover:text-emerald-950"
        >
          Dismiss<span className="sr-only"> this message</span>
        </Link>
      </div>
      <p className="mt-1 text-sm text-emerald-900" data-testid="stage-done-notice">
        {notice}
      </p>
    </section>
  );
}
