// The form that invites a person by name and email (to the team, or to an
// account as a contact); a page may add fields, such as the team role.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { fieldAria } from "~/components/ui/field-error";
import type { FormAnswer } from "~/utils/form-answer";
import { EMAIL_MAX, NAME_MAX } from "./invitee-fields";

const INPUT = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2";

export interface InvitePersonFormProps {
  /** Prefix of the field ids, unique on the page. */
  idPrefix: string;
  busy: boolean;
  answer: FormAnswer | undefined;
  /** Id of the line that explains a refused field. */
  answerId: string;
  /** Fields after name and email; with one, the form is three columns wide. */
  extraField?: ReactNode;
}

export function InvitePersonForm({ idPrefix, busy, answer, answerId, extraField }: InvitePersonFormProps) {
  return (
    <Form
      method="post"
      className={`mt-3 grid gap-3 rounded-xl border border-slate-200 bg-white p-5 ${extraField ? "max-w-2xl sm:grid-cols-3" : "max-w-xl sm:grid-cols-2"}`}
    >
      <div>
        <label htmlFor={`${idPrefix}-name`} className="block text-sm font-medium">
          Name
        </label>
        <input
          id={`${idPrefix}-name`}
          name="name"
          required
          maxLength={NAME_MAX}
          {...fieldAria(answer, "name", answerId)}
          className={INPUT}
        />
      </div>
      <div>
        <label htmlFor={`${idPrefix}-email`} className="block text-sm font-medium">
          Email
        </label>
        <input
          id={`${idPrefix}-email`}
          name="email"
          type="email"
          required
          maxLength={EMAIL_MAX}
          {...fieldAria(answer, "email", answerId)}
          className={INPUT}
        />
      </div>
      {extraField}
      <button
        type="submit"
        name="intent"
        value="invite"
        disabled={busy}
        className={`rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 sm:justify-self-start ${extraField ? "sm:col-span-3" : "sm:col-span-2"}`}
      >
        Send invitation
      </button>
    </Form>
  );
}
