// A CSM or an admin creates a customer account: its details, the playbook its
// journey starts from, and its first contacts, invited now or later.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CsmField, TimezoneField } from "~/components/account/account-choice-fields";
import { ACCOUNT_NAME_MAX, NEW_ACCOUNT_CONTACTS, newAccountFields } from "~/components/account/account-fields";
import { pageTitle } from "~/components/brand";
import { FormPage } from "~/components/form-page";
import { EMAIL_MAX, inviteeFields, NAME_MAX } from "~/components/people/invitee-fields";
import { FIELD_INPUT, Field } from "~/components/ui/field";
import { listAccountChoices } from "~/modules/account-lifecycle/account-choices.server";
import { createAccount } from "~/modules/account-lifecycle/create-account.server";
import { defaultAccountTimezone } from "~/modules/workspace/workspace-settings.server";
import { answer, parseForm, refuse } from "~/server/form-answer.server";
import { clientIp } from "~/server/request.server";
import { requireEditor } from "~/server/viewer.server";
import { todayIn } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "New account") }];

const ROWS = Array.from({ length: NEW_ACCOUNT_CONTACTS }, (_, i) => i + 1);

/** The form's contact rows: a row left empty is skipped; a half-filled one is refused on its field. */
const newAccountForm = z
  .object(newAccountFields)
  .catchall(z.unknown())
  .transform((form, ctx) => {
    const text = (key: string) => (typeof form[key] === "string" ? (form[key] as string).trim() : "");
    const contacts = [];
    for (const i of ROWS) {
      const name = text(`contact${i}Name`);
      const email = text(`contact${i}Email`);
      if (!name && !email) continue;
      const n = inviteeFields.name.safeParse(name);
      if (!n.success) ctx.addIssue({ code: "custom", message: n.error.issues[0]!.message, path: [`contact${i}Name`] });
      const e = inviteeFields.email.safeParse(email);
      if (!e.success) ctx.addIssue({ code: "custom", message: e.error.issues[0]!.message, path: [`contact${i}Email`] });
      if (n.success && e.success)
        contacts.push({ name: n.data, email: e.data, invite: text(`contact${i}Invite`) === "on" });
    }
    const { name, domain, timezone, csmId, segment, startedOn, playbookId } = form;
    return { name, domain, timezone, csmId, segment, startedOn, playbookId, contacts };
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireEditor(request);
  const [choices, timezone] = await Promise.all([
    listAccountChoices(getDb()),
    defaultAccountTimezone(getDb(), getEnv()),
  ]);
  return {
    viewer: { id: viewer.id, name: viewer.name, role: viewer.role },
    ...choices,
    timezones: Intl.supportedValuesOf("timeZone"),
    // New accounts start in the workspace's default timezone, today there, until changed here.
    defaults: { timezone, startedOn: todayIn(timezone, new Date()) },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireEditor(request);
  const form = await parseForm(request, newAccountForm);
  if (!form.ok) return form.answer;
  const f = form.input;
  try {
    const created = await createAccount(
      getDb(),
      viewer,
      {
        name: f.name,
        domain: f.domain ?? null,
        timezone: f.timezone,
        csmId: f.csmId,
        segment: f.segment ?? null,
        startedOn: f.startedOn,
        playbookId: f.playbookId,
        contacts: f.contacts,
        ip: clientIp(context),
      },
      new Date(),
    );
    const invited = created.invited.length ? ` Invited: ${created.invited.join(", ")}.` : "";
    // The new account's id rides in `target`, for the link to its journey.
    return answer({
      ok: true,
      message: `Created ${f.name} and started its journey.${invited}`,
      target: created.accountId,
    });
  } catch (e) {
    return refuse(e);
  }
}

export default function NewAccount() {
  const { viewer, csms, playbooks, timezones, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const created = result?.ok && result.target;
  return (
    <FormPage user={viewer} back={{ to: "/csm", label: "Portfolio" }} title="New account" answer={result}>
      {created ? (
        <p className="mt-2">
          <Link to={`/csm/accounts/${created}`} className="text-brand-700 underline">
            Open the new account's journey
          </Link>
        </p>
      ) : null}
      <Form
        method="post"
        className="mt-4 grid max-w-2xl gap-4 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-2"
      >
        <Field name="name" label="Account name" answer={result}>
          {(p) => <input {...p} required maxLength={ACCOUNT_NAME_MAX} className={FIELD_INPUT} />}
        </Field>
        <Field name="domain" label="Domain" hint="optional" answer={result}>
          {(p) => <input {...p} placeholder="example.com" className={FIELD_INPUT} />}
        </Field>
        <TimezoneField timezones={timezones} defaultValue={defaults.timezone} answer={result} />
        <CsmField
          csms={csms}
          defaultValue={csms.some((c) => c.id === viewer.id) ? viewer.id : undefined}
          answer={result}
        />
        <Field name="segment" label="Segment" hint="optional" answer={result}>
          {(p) => <input {...p} maxLength={100} placeholder="Enterprise" className={FIELD_INPUT} />}
        </Field>
        <Field name="startedOn" label="Start date" answer={result}>
          {(p) => <input {...p} type="date" required defaultValue={defaults.startedOn} className={FIELD_INPUT} />}
        </Field>
        <Field name="playbookId" label="Playbook" answer={result}>
          {(p) => (
            <select {...p} className={FIELD_INPUT}>
              {playbooks.map((pb) => (
                <option key={pb.id} value={pb.id}>
                  {pb.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="sm:col-span-2">
          <legend className="text-lg font-semibold">Contacts</legend>
          <p className="text-sm text-slate-600">
            Leave a row empty to skip it. The first contact starts as owner of the customer's milestones.
          </p>
          {ROWS.map((i) => (
            <div key={i} className="mt-3 grid gap-3 sm:grid-cols-3">
              <Field name={`contact${i}Name`} label={`Contact ${i} name`} answer={result}>
                {(p) => <input {...p} maxLength={NAME_MAX} className={FIELD_INPUT} />}
              </Field>
              <Field name={`contact${i}Email`} label={`Contact ${i} email`} answer={result}>
                {(p) => <input {...p} type="email" maxLength={EMAIL_MAX} className={FIELD_INPUT} />}
              </Field>
              <div className="flex items-center gap-2 sm:pt-6">
                <input id={`contact${i}Invite`} name={`contact${i}Invite`} type="checkbox" className="h-4 w-4" />
                <label htmlFor={`contact${i}Invite`} className="text-sm">
                  Invite now
                </label>
              </div>
            </div>
          ))}
        </fieldset>
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 sm:col-span-2 sm:justify-self-start"
        >
          Create account and start journey
        </button>
      </Form>
    </FormPage>
  );
}
