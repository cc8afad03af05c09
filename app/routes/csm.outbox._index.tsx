import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { EMAIL_KIND_LABELS, EmailStatusBadge } from "~/components/email/email-status";
import { OUTBOX_STATUSES } from "~/modules/email/email-kinds";
import { listOutbox } from "~/modules/email/list-outbox.server";
import { parseQuery, queryChoice, queryInstant } from "~/server/query.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Outbox") }];

const query = z
  .object({
    status: queryChoice(OUTBOX_STATUSES, "a status").optional(),
    // The next page starts after the last row shown: its time, and its id to break ties.
    before: queryInstant("The page position (before) must be a time such as 2026-12-01T09:30:00.000Z.").optional(),
    beforeId: z.guid("The page position (beforeId) is not an email id.").optional(),
  })
  .refine((q) => !q.before === !q.beforeId, "A page position needs both before and beforeId.");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  const q = parseQuery(request, query);
  const list = await listOutbox(getDb(), viewer, {
    status: q.status,
    before: q.before && q.beforeId ? { at: q.before, id: q.beforeId } : undefined,
  });
  return {
    viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone },
    ...list,
    q,
    delivering: Boolean(getEnv().RESEND_API_KEY),
  };
}

export default function Outbox() {
  const { viewer, rows, counts, more, q, delivering } = useLoaderData<typeof loader>();
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <AppShell user={viewer}>
      <h1 className="text-2xl font-bold tracking-tight">Outbox</h1>
      <p className="mt-2 text-sm text-slate-600">
        {delivering
          ? "Every email the portal sends, with its delivery status."
          : "No email provider is configured (RESEND_API_KEY is unset), so emails are rendered and kept here instead of sent. Open one to see it as its recipient would."}
        {viewer.role === "csm" ? " You see emails about your accounts and emails to you." : ""}
      </p>

      <nav aria-label="Filter by status" className="mt-4 flex flex-wrap gap-2 text-sm">
        <Link
          to="/csm/outbox"
          className={`rounded-full border px-3 py-1 ${!q.status ? "border-brand-600 bg-brand-50 text-brand-800" : "border-slate-300 text-slate-700"}`}
        >
          All ({total})
        </Link>
        {OUTBOX_STATUSES.filter((s) => counts[s]).map((s) => (
          <Link
            key={s}
            to={`/csm/outbox?status=${s}`}
            className={`rounded-full border px-3 py-1 ${q.status === s ? "border-brand-600 bg-brand-50 text-brand-800" : "border-slate-300 text-slate-700"}`}
          >
            {s} ({counts[s]})
          </Link>
        ))}
      </nav>

      {rows.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-600">
          No emails yet. They appear here when a journey enters a new stage and when reminders go out.
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid="outbox">
          {rows.map((r) => (
            <li
              key={r.id}
              className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between"
              data-testid="outbox-row"
            >
              <div className="min-w-0">
                <Link to={`/csm/outbox/${r.id}`} className="font-medium text-brand-700 hover:underline">
                  {r.subject ?? EMAIL_KIND_LABELS[r.kind]}
                </Link>
                <p className="truncate text-sm text-slate-600">
                  To {r.recipientName ? `${r.recipientName} <${r.toEmail}>` : r.toEmail}
                  {r.accountName ? ` · ${r.accountName}` : ""} · {EMAIL_KIND_LABELS[r.kind]}
                </p>
                {r.sendAfter && (
                  <p className="text-sm text-slate-700" data-testid="outbox-send-after">
                    Waits to go out until {formatDateTime(r.sendAfter, viewer.timezone)}.
                  </p>
                )}
                {r.lastError && ["failed", "retrying", "skipped"].includes(r.status) && (
                  <p className="text-sm text-red-700">{r.lastError}</p>
                )}
              </div>
              <div className="flex shrink-0 items-center gap-3 text-sm text-slate-600">
                <span>{formatDateTime(r.createdAt, viewer.timezone)}</span>
                <EmailStatusBadge status={r.status} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {more && (
        <p className="mt-4">
          <Link
            to={`/csm/outbox?${new URLSearchParams({
              ...(q.status ? { status: q.status } : {}),
              before: rows[rows.length - 1].createdAt,
              beforeId: rows[rows.length - 1].id,
            })}`}
            className="text-brand-700 underline"
          >
            Older emails
          </Link>
        </p>
      )}
    </AppShell>
  );
}
