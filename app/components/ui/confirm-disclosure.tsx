// A destructive action asked first: the button only opens a disclosure that
// holds the question and the real submit button, which works without
// JavaScript and reads as a question to a screen reader.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

export function ConfirmDisclosure({
  label,
  ariaLabel,
  summaryClassName,
  className,
  question,
  yes,
  intent,
  fields = {},
  busy,
}: {
  /** What the closed disclosure's button says ("Remove"). */
  label: ReactNode;
  /** Its name for screen readers when `label` alone does not say what it acts on. */
  ariaLabel?: string;
  summaryClassName: string;
  className?: string;
  question: string;
  /** The confirming button's text: "Yes, remove Ana". */
  yes: string;
  intent: string;
  /** Hidden fields the action reads beside the intent: whom it acts on, the confirmation it insists on. */
  fields?: Record<string, string>;
  busy: boolean;
}) {
  return (
    <details className={className}>
      <summary className={summaryClassName} aria-label={ariaLabel}>
        {label}
      </summary>
      <Form method="post" className="mt-2 max-w-xs space-y-2 rounded-md border border-red-200 bg-red-50 p-3">
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <p className="text-slate-800">{question}</p>
        <button
          type="submit"
          name="intent"
          value={intent}
          disabled={busy}
          className="rounded-md bg-red-700 px-3 py-1.5 font-semibold text-white hover:bg-red-800"
        >
          {yes}
        </button>
      </Form>
    </details>
  );
}
