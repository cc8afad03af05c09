// Admins set what makes the portal the vendor's own: name, logo and colour,
// the contact details customers see, and the defaults for accounts and
// reminders. Everyone else gets a 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { ConfirmDisclosure } from "~/components/ui/confirm-disclosure";
import { FieldError, fieldAria } from "~/components/ui/field-error";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { logoPath } from "~/modules/workspace/brand";
import { brandColourProblem, normaliseHex } from "~/modules/workspace/brand-colour";
import { MAX_LOGO_BYTES } from "~/modules/workspace/logo-file";
import { settingsForm, timezones, WEEKDAYS } from "~/modules/workspace/settings-form";
import {
  getWorkspace,
  removeLogo,
  saveLogo,
  saveWorkspaceSettings,
} from "~/modules/workspace/workspace-settings.server";
import { answer, invalidForm, refuse, unreadableForm } from "~/server/form-answer.server";
import { readForm } from "~/server/request.server";
import { requireAdmin } from "~/server/viewer.server";
import { getDb } from "~/utils/db.server";
import { getEnv, nudgeRules, vendorName } from "~/utils/env.server";
import type { FormAnswer } from "~/utils/form-answer";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Workspace settings") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireAdmin(request);
  const env = getEnv();
  const workspace = await getWorkspace(getDb(), env);
  return {
    viewer: { id: viewer.id, name: viewer.name, role: viewer.role },
    stored: workspace.stored,
    logoUrl: workspace.logoVersion ? logoPath(workspace.logoVersion) : null,
    // What an empty field falls back to, shown next to it.
    defaults: { vendorName: vendorName(env), nudges: nudgeRules(env) },
    timezones: timezones(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const db = getDb();
  const now = new Date();
  try {
    switch (form.intent) {
      case "save": {
        const parsed = settingsForm.safeParse(form);
        if (!parsed.success) return invalidForm(parsed.error);
        const { intent: _, ...input } = parsed.data;
        await saveWorkspaceSettings(db, viewer, input, now);
        return answer({ ok: true, message: "Settings saved." });
      }
      case "logo": {
        const file = form.logo;
        if (!(file instanceof File) || file.size === 0)
          return answer(
            {
              ok: false,
              message: "Choose an image file to upload.",
              fieldErrors: { logo: "Choose an image file to upload." },
            },
            400,
          );
        await saveLogo(db, viewer, new Uint8Array(await file.arrayBuffer()), now);
        return answer({ ok: true, message: "Logo uploaded." });
      }
      case "remove_logo":
        await removeLogo(db, viewer, now);
        return answer({ ok: true, message: "Logo removed. The portal and emails show the name only." });
      default:
        return answer({ ok: false, message: "The form could not be read." }, 400);
    }
  } catch (e) {
    return refuse(e);
  }
}

const input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm";
const button =
  "rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60";

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function TextField({
  name,
  label,
  hint,
  value,
  result,
  type = "text",
}: {
  name: string;
  label: string;
  hint?: string;
  value: string | null;
  result: FormAnswer | undefined;
  type?: string;
}) {
  const hintId = `${name}-hint`;
  const aria = fieldAria(result, name, `${name}-error`);
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        id={name}
        name={name}
        type={type}
        defaultValue={value ?? ""}
        className={input}
        {...aria}
        aria-describedby={[aria["aria-describedby"], hint ? hintId : undefined].filter(Boolean).join(" ") || undefined}
      />
      <FieldError answer={result} name={name} id={`${name}-error`} />
    </div>
  );
}

/** The colour field with a swatch and the contrast check as one types, the same check the server makes. */
function ColourField({ value, result }: { value: string | null; result: FormAnswer | undefined }) {
  const [typed, setTyped] = useState(value ?? "");
  const hex = normaliseHex(typed);
  const problem = hex ? brandColourProblem(hex) : null;
  const aria = fieldAria(result, "brandColour", "brandColour-error");
  return (
    <div>
      <label htmlFor="brandColour" className="block text-sm font-medium">
        Brand colour
      </label>
      <p id="brandColour-hint" className="text-sm text-slate-600">
        A hex code such as #1f57c0, used for buttons and links in the portal and in emails. It must be dark enough for
        white text (contrast at least 4.5:1). Leave empty for the default blue.
      </p>
      <div className="mt-1 flex items-center gap-3">
        <input
          id="brandColour"
          name="brandColour"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          className="block w-40 rounded-md border border-slate-300 px-3 py-2 text-sm"
          {...aria}
          aria-describedby={["brandColour-hint", aria["aria-describedby"]].filter(Boolean).join(" ")}
        />
        {hex ? (
          <span
            aria-hidden="true"
            className="inline-block rounded-md px-3 py-2 text-sm font-semibold text-white"
            style={{ backgroundColor: hex }}
          >
            Sample
          </span>
        ) : null}
      </div>
      {problem && !aria["aria-invalid"] ? <p className="mt-1 text-sm text-red-700">{problem}</p> : null}
      <FieldError answer={result} name="brandColour" id="brandColour-error" />
    </div>
  );
}

function Select({
  name,
  label,
  value,
  options,
  defaultLabel,
  result,
}: {
  name: string;
  label: string;
  value: number | string | null;
  options: { value: string; label: string }[];
  defaultLabel: string;
  result: FormAnswer | undefined;
}) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={name}
        name={name}
        defaultValue={value === null ? "" : String(value)}
        className={input}
        {...fieldAria(result, name, `${name}-error`)}
      >
        <option value="">{defaultLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError answer={result} name={name} id={`${name}-error`} />
    </div>
  );
}

const HOURS = Array.from({ length: 25 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, "0")}:00` }));
const DAYS = WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }));

function SettingsForm({ data, result, busy }: { data: Data; result: FormAnswer | undefined; busy: boolean }) {
  const { stored, defaults } = data;
  const { nudges } = defaults;
  return (
    <Form method="post" className="mt-4 space-y-6 rounded-xl border border-slate-200 bg-white p-4 sm:p-6" noValidate>
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">Brand</legend>
        <TextField
          name="vendorName"
          label="Vendor name"
          hint={`Shown in the portal and in every email in place of "Waypoint". Leave empty for "${defaults.vendorName}".`}
          value={stored.vendorName}
          result={result}
        />
        <ColourField value={stored.brandColour} result={result} />
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">Contact your CSM</legend>
        <p className="text-sm text-slate-600">Customers see these on their journey page.</p>
        <TextField name="supportEmail" label="Support email" type="email" value={stored.supportEmail} result={result} />
        <TextField
          name="meetingUrl"
          label="Meeting link"
          hint="A booking page, such as a Calendly or HubSpot link."
          type="url"
          value={stored.meetingUrl}
          result={result}
        />
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">Defaults</legend>
        <Select
          name="defaultTimezone"
          label="Timezone for new accounts"
          value={stored.defaultTimezone}
          options={data.timezones.map((z) => ({ value: z, label: z }))}
          defaultLabel="UTC (default)"
          result={result}
        />
        <p className="text-sm text-slate-600">
          Reminders go out only in these hours and on these days, in each person's own timezone.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Select
            name="nudgeStartHour"
            label="Reminders from"
            value={stored.nudgeStartHour}
            options={HOURS.slice(0, 24)}
            defaultLabel={`Default (${nudges.startHour}:00)`}
            result={result}
          />
          <Select
            name="nudgeEndHour"
            label="Reminders until"
            value={stored.nudgeEndHour}
            options={HOURS.slice(1)}
            defaultLabel={`Default (${nudges.endHour}:00)`}
            result={result}
          />
          <Select
            name="nudgeFirstDay"
            label="First working day"
            value={stored.nudgeFirstDay}
            options={DAYS}
            defaultLabel={`Default (${WEEKDAYS[nudges.firstDay - 1]})`}
            result={result}
          />
          <Select
            name="nudgeLastDay"
            label="Last working day"
            value={stored.nudgeLastDay}
            options={DAYS}
            defaultLabel={`Default (${WEEKDAYS[nudges.lastDay - 1]})`}
            result={result}
          />
        </div>
      </fieldset>
      <button type="submit" name="intent" value="save" disabled={busy} className={button}>
        Save settings
      </button>
    </Form>
  );
}

function LogoForms({
  logoUrl,
  result,
  busy,
}: {
  logoUrl: string | null;
  result: FormAnswer | undefined;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="logo-heading" className="mt-8 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="logo-heading" className="text-lg font-semibold">
        Logo
      </h2>
      {logoUrl ? (
        <img src={logoUrl} alt="The current logo" className="mt-3 h-12 w-auto max-w-full object-contain" />
      ) : (
        <p className="mt-2 text-sm text-slate-600">No logo yet: the portal and emails show the vendor name.</p>
      )}
      <Form method="post" encType="multipart/form-data" className="mt-4 space-y-3">
        <div>
          <label htmlFor="logo" className="block text-sm font-medium">
            Upload a logo
          </label>
          <p id="logo-hint" className="text-sm text-slate-600">
            PNG, JPEG or WebP, at most {MAX_LOGO_BYTES / 1024} KB. SVG is not accepted.
          </p>
          <input
            id="logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            className="mt-1 block w-full text-sm"
            {...fieldAria(result, "logo", "logo-error")}
            aria-describedby={["logo-hint", fieldAria(result, "logo", "logo-error")["aria-describedby"]]
              .filter(Boolean)
              .join(" ")}
          />
          <FieldError answer={result} name="logo" id="logo-error" />
        </div>
        <button type="submit" name="intent" value="logo" disabled={busy} className={button}>
          Upload logo
        </button>
      </Form>
      {logoUrl ? (
        <ConfirmDisclosure
          className="mt-4 text-sm"
          summaryClassName="cursor-pointer font-medium text-red-700"
          label="Remove the logo"
          question="The portal and emails will show the vendor name only."
          yes="Yes, remove the logo"
          intent="remove_logo"
          busy={busy}
        />
      ) : null}
    </section>
  );
}

export default function WorkspaceSettings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <AppShell user={data.viewer}>
      <h1 className="text-2xl font-bold tracking-tight">Workspace settings</h1>
      <FormAnswerNotice answer={result} id="form-answer" className="mt-4" />
      <SettingsForm data={data} result={result} busy={busy} />
      <LogoForms logoUrl={data.logoUrl} result={result} busy={busy} />
    </AppShell>
  );
}
