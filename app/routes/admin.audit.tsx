// The audit log of security events, for admins: filter by kind, person and dates.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { AUDIT_KINDS } from "~/modules/audit/audit-kinds";
import { listAuditEvents } from "~/modules/audit/list-audit-events.server";
import { parseQuery, queryChoice, queryDay, queryText } from "~/server/query.server";
import { requireAdmin } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Audit log") }];

// Every parameter is checked: a date Postgres cannot read (year 0, 30 February)
// used to reach the query and answer 500.
const query = z
  .object({
    kind: queryChoice(AUDIT_KINDS as unknown as [string, ...string[]], "a kind of event").optional(),
    person: queryText("person", 320).optional(),
    from: queryDay("start").optional(),
    to: queryDay("end").optional(),
    // The id of the last row shown: where the next page starts.
    before: z
      .string()
      .regex(/^[1-9]\d*$/, "The page position must be a whole number above 0.")
      .transform(Number)
      .refine(Number.isSafeInteger, "The page position is too large.")
      .optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, "The start date is after the end date.");

const LABELS: Record<string, string> = {
  sign_in: "Signed in",
  sign_in_failed: "Failed sign-in",
  sign_in_link_requested: "Sign-in link requested",
  invitation_sent: "Invitation sent",
  invitation_accepted: "Invitation accepted",
  role_changed: "Role changed",
  team_function_changed: "Team function changed",
  deactivated: "Deactivated",
  password_changed: "Password changed",
  accounts_imported: "Accounts imported",
  first_admin_created: "First admin created",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireAdmin(request);
  const q = parseQuery(request, query);
  const list = await listAuditEvents(getDb(), viewer, {
    kind: q.kind as (typeof AUDIT_KINDS)[number] | undefined,
    person: q.person || undefined,
    from: q.from,
    to: q.to,
    beforeId: q.before,
  });
  return { viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone }, ...list, q };
}

function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(", ");
}

const control = "mt-1 rounded-md border border-slate-300 px-2 py-1.5";

function FilterField({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={name} className="block font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

function DateFilter({ name, label, value }: { name: string; label: string; value: string | undefined | null }) {
  return (
    <FilterField name={name} label={label}>
      <input id={name} name={name} type="date" defaultValue={value ?? ""} className={control} />
    </FilterField>
  );
}

export default function AuditLog() {
  const { viewer, rows, more, q } = useLoaderData<typeof loader>();
  const next = new URLSearchParams(
    Object.entries(q)
      .filter(([, v]) => v !== undefined && v !== "")
      .map(([k, v]) => [k, String(v)]),
  );
  if (rows.length) next.set("before", String(rows[rows.length - 1].id));
  return (
    <AppShell user={viewer}>
      <h1 className="text-2xl font-bold tracking-tight">Audit log</h1>
      <Form
        method="get"
        className="mt-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm"
      >
        <FilterField name="kind" label="Event">
          <select id="kind" name="kind" defaultValue={q.kind ?? ""} className={control}>
            <option value="">All events</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {LABELS[k]}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField name="person" label="Person">
          <input
            id="person"
            name="person"
            defaultValue={q.person ?? ""}
            placeholder="name or email"
            className={control}
          />
        </FilterField>
        <DateFilter name="from" label="From" value={q.from} />
        <DateFilter name="to" label="To" value={q.to} />
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700">
          Filter
        </button>
      </Form>
      {rows.length === 0 ? (
        <p className="mt-6 text-slate-600">No events match.</p>
      ) : (
        <ul
          className="mt-4 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white text-sm"
          data-testid="audit"
        >
          {rows.map((r) => (
            <li key={r.id} className="p-3" data-testid="audit-event">
              <p>
                <span className="font-medium">{LABELS[r.kind] ?? r.kind}</span>
                {r.subjectName || r.email ? ` · ${r.subjectName ?? ""}${r.email ? ` <${r.email}>` : ""}` : ""}
                {r.actorName && r.actorName !== r.subjectName ? ` · by ${r.actorName}` : ""}
                {r.accountName ? ` · ${r.accountName}` : ""}
              </p>
              <p className="text-xs text-slate-500">
                {formatDateTime(r.at, viewer.timezone)}
                {r.ip ? ` · ${r.ip}` : ""}
                {Object.keys(r.detail).length ? ` · ${describeDetail(r.detail)}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
      {more && (
        <p className="mt-4">
          <Link to={`?${next}`} className="text-brand-700 underline">
            Older events
          </Link>
        </p>
      )}
    </AppShell>
  );
}
