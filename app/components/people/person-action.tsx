// A one-button form that acts on one person (resend, remove, deactivate):
// posts their id and the intent to the page's action. A destructive one asks
// first: the button only opens a disclosure that holds the real submit button,
// which works without JavaScript and reads as a question to a screen reader.
import { Form } from "@remix-run/react";

const LOOK = {
  plain: "rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100",
  danger: "rounded-md border border-red-300 px-3 py-1.5 text-red-700 hover:bg-red-50",
} as const;

export function PersonAction({
  userId,
  intent,
  label,
  ariaLabel,
  busy,
  look = "plain",
  confirm,
}: {
  userId: string;
  intent: string;
  label: string;
  /** The button's name for screen readers when `label` alone does not say whom it acts on. */
  ariaLabel?: string;
  busy: boolean;
  look?: keyof typeof LOOK;
  /** Ask before acting: the question, and the confirming button's text ("Yes, remove Ana"). */
  confirm?: { question: string; yes: string };
}) {
  if (confirm) {
    return (
      <details className="group">
        <summary className={`cursor-pointer list-none ${LOOK[look]}`} aria-label={ariaLabel}>
          {label}
        </summary>
        <Form method="post" className="mt-2 max-w-xs space-y-2 rounded-md border border-red-200 bg-red-50 p-3">
          <input type="hidden" name="userId" value={userId} />
          {/* The action refuses the intent without this: one click never removes anyone. */}
          <input type="hidden" name="confirm" value="yes" />
          <p className="text-slate-800">{confirm.question}</p>
          <button
            type="submit"
            name="intent"
            value={intent}
            disabled={busy}
            className="rounded-md bg-red-700 px-3 py-1.5 font-semibold text-white hover:bg-red-800"
          >
            {confirm.yes}
          </button>
        </Form>
      </details>
    );
  }
  return (
    <Form method="post">
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" name="intent" value={intent} disabled={busy} aria-label={ariaLabel} className={LOOK[look]}>
        {label}
      </button>
    </Form>
  );
}
