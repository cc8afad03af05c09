// An account's settings for its CSM or an admin: name, CSM and timezone; its
// status (pausing holds the journey); archiving, which an admin can undo.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ACCOUNT_STATUSES } from "#db/schema";
import { CsmField, TimezoneField } from "~/components/account/account-choice-fields";
import { ACCOUNT_NAME_MAX, accountFields } from "~/components/account/account-fields";
import { pageTitle } from "~/components/brand";
import { FormPage } from "~/components/form-page";
import { FIELD_INPUT, Field } from "~/components/ui/field";
import { listAccountChoices } from "~/modules/account-lifecycle/account-choices.server";
import {
  getAccountSettings,
  setAccountArchived,
  setAccountStatus,
  updateAccountDetails,
} from "~/modules/account-lifecycle/manage-account.server";
import { answer, parseForm, refuse } from "~/server/form-answer.server";
import { requireEditor } from "~/server/viewer.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? `Settings · ${data.account.name}` : "Account settings") },
];

const STATUS_WORDS = {
  active: "Active: the journey runs and emails go out.",
  paused:
    "Paused: the journey is on hold; no reminders or stage emails. Resuming moves open due dates by the days on hold.",
  churned: "Churned: the customer left. Out of the portfolio's default view; no emails.",
  completed: "Completed: onboarding is over. Out of the portfolio's default view; no emails.",
} as const;

const settingsForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("details"), ...accountFields }),
  z.object({
    intent: z.literal("status"),
    status: z.enum(ACCOUNT_STATUSES, { error: () => "Choose active, paused, churned or completed." }),
  }),
  z.object({
    intent: z.literal("archive"),
    confirm: z.literal("on", { error: () => "Tick the box to confirm that the account should be archived." }),
  }),
  z.object({ intent: z.literal("restore") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireEditor(request);
  const db = getDb();
  try {
    const account = await getAccountSettings(db, viewer, params.accountId ?? "");
    const { csms } = await listAccountChoices(db);
    return {
      viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone },
      account,
      csms,
      timezones: Intl.supportedValuesOf("timeZone"),
    };
  } catch (e) {
    if (e instanceof NotFoundError) throw new Response("No such account", { status: 404 });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireEditor(request);
  const form = await parseForm(request, settingsForm);
  if (!form.ok) return form.answer;
  const input = form.input;
  const accountId = params.accountId ?? "";
  const db = getDb();
  const now = new Date();
  try {
    if (input.intent === "details") {
      const { changed } = await updateAccountDetails(db, viewer, { accountId, ...input }, now);
      return answer({ ok: true, message: changed.length ? `Saved: ${changed.join(", ")}.` : "Nothing to change." });
    }
    if (input.intent === "status") {
      const r = await setAccountStatus(db, viewer, { accountId, status: input.status }, now);
      const held =
        r.onHoldDays > 0
          ? ` ${r.onHoldDays} days on hold recorded${r.movedMilestones ? `; ${r.movedMilestones} open due dates moved by as many days` : ""}.`
          : "";
      return answer({ ok: true, message: `The account is now ${input.status}.${held}` });
    }
    await setAccountArchived(db, viewer, { accountId, archived: input.intent === "archive" }, now);
    return answer({
      ok: true,
      message:
        input.intent === "archive"
          ? "Archived. The account is out of every list and gets no emails."
          : "Restored from the archive.",
    });
  } catch (e) {
    return refuse(e);
  }
}

const BUTTON = "rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700";

export default function AccountSettingsPage() {
  const { viewer, account, csms, timezones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <FormPage
      user={viewer}
      back={{ to: `/csm/accounts/${account.id}`, label: account.name }}
      title={`Settings for ${account.name}`}
      answer={result}
    >
      <p className="mt-2 text-sm text-slate-600">
        Started {formatDate(account.startedOn)}
        {account.onHoldDays > 0 ? ` · ${account.onHoldDays} days on hold so far` : ""}
        {account.pausedAt ? ` · paused since ${formatDateTime(account.pausedAt, viewer.timezone)}` : ""}
        {account.archivedAt ? ` · archived ${formatDateTime(account.archivedAt, viewer.timezone)}` : ""}
      </p>

      <h2 className="mt-6 text-lg font-semibold">Details</h2>
      <Form
        method="post"
        className="mt-2 grid max-w-2xl gap-4 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-3"
      >
        <Field name="name" label="Name" answer={result}>
          {(p) => (
            <input {...p} required maxLength={ACCOUNT_NAME_MAX} defaultValue={account.name} className={FIELD_INPUT} />
          )}
        </Field>
        <CsmField csms={csms} defaultValue={account.csmId ?? undefined} answer={result} />
        <TimezoneField timezones={timezones} defaultValue={account.timezone} answer={result} />
        <button
          type="submit"
          name="intent"
          value="details"
          disabled={busy}
          className={`${BUTTON} sm:justify-self-start`}
        >
          Save details
        </button>
      </Form>

      <h2 className="mt-8 text-lg font-semibold">Status</h2>
      <Form method="post" className="mt-2 max-w-2xl rounded-xl border border-slate-200 bg-white p-5">
        <fieldset>
          <legend className="text-sm font-medium">The account is</legend>
          {ACCOUNT_STATUSES.map((s) => (
            <div key={s} className="mt-2 flex items-start gap-2">
              <input
                id={`status-${s}`}
                type="radio"
                name="status"
                value={s}
                defaultChecked={account.status === s}
                className="mt-1 h-4 w-4"
              />
              <label htmlFor={`status-${s}`} className="text-sm">
                {STATUS_WORDS[s]}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" name="intent" value="status" disabled={busy} className={`${BUTTON} mt-4`}>
          Change status
        </button>
      </Form>

      <h2 className="mt-8 text-lg font-semibold">Archive</h2>
      {account.archivedAt ? (
        viewer.role === "admin" ? (
          <Form method="post" className="mt-2">
            <button type="submit" name="intent" value="restore" disabled={busy} className={BUTTON}>
              Restore from the archive
            </button>
          </Form>
        ) : (
          <p className="mt-2 text-sm">This account is archived. An admin can restore it.</p>
        )
      ) : (
        <Form method="post" className="mt-2 max-w-2xl rounded-xl border border-red-200 bg-white p-5">
          <p className="text-sm">
            Archiving takes the account out of every list and stops all its emails. Only an admin can restore it.
          </p>
          <div className="mt-3 flex items-center gap-2">
            <input id="confirm" name="confirm" type="checkbox" required className="h-4 w-4" />
            <label htmlFor="confirm" className="text-sm">
              Yes, archive {account.name}
            </label>
          </div>
          <button
            type="submit"
            name="intent"
            value="archive"
            disabled={busy}
            className="mt-3 rounded-md border border-red-300 px-4 py-2 text-sm font-semibold text-red-700 hover:bg-red-50"
          >
            Archive account
          </button>
        </Form>
      )}
    </FormPage>
  );
}
