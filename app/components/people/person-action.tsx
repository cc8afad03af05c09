// A one-button form that acts on one person (resend, remove, deactivate):
// posts their id and the intent to the page's action. A destructive one asks
// first (ConfirmDisclosure).
import { Form } from "@remix-run/react";
import { ConfirmDisclosure } from "~/components/ui/confirm-disclosure";

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
      <ConfirmDisclosure
        className="group"
        summaryClassName={`cursor-pointer list-none ${LOOK[look]}`}
        label={label}
        ariaLabel={ariaLabel}
        question={confirm.question}
        yes={confirm.yes}
        intent={intent}
        // The action refuses the intent without `confirm`: one click never removes anyone.
        fields={{ userId, confirm: "yes" }}
        busy={busy}
      />
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
