// One import: its preview (rows to create, update and skip, and each bad row's
// error), the confirmation, and its progress while it runs. Admins only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { BackLink } from "~/components/back-link";
import { pageTitle } from "~/components/brand";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { ProgressBar } from "~/components/ui/progress-bar";
import type { RowVerdict } from "~/modules/import/check-import-rows";
import { getImport } from "~/modules/import/get-import.server";
import { IMPORT_DEFAULT_TIMEZONE } from "~/modules/import/import-columns";
import { type ImportSummary, runImport } from "~/modules/import/run-import.server";
import { answer, parseForm, refusal, refuse } from "~/server/form-answer.server";
import { clientIp } from "~/server/request.server";
import { requireAdmin } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Import preview") }];

/** Rows to create or update shown on the page; the rest are counted. Every bad row is shown. */
const SHOWN_CHANGES = 50;

const confirmForm = z.object({
  intent: z.literal("confirm", { error: "Unknown action." }),
  sendInvitations: z.literal("on").optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireAdmin(request);
  try {
    const view = await getImport(getDb(), viewer, params.importId ?? "");
    const errors = view.preview.rows.filter((r) => r.action === "error");
    const changes = view.preview.rows.filter((r) => r.action !== "error");
    return {
      viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone },
      view: { ...view, preview: undefined },
      counts: view.preview.counts,
      errors,
      changes: changes.slice(0, SHOWN_CHANGES),
      moreChanges: Math.max(0, changes.length - SHOWN_CHANGES),
    };
  } catch (e) {
    const refused = refusal(e);
    if (refused) throw new Response(refused.message, { status: refused.status });
    throw e;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const form = await parseForm(request, confirmForm);
  if (!form.ok) return form.answer;
  try {
    const s = await runImport(
      getDb(),
      viewer,
      {
        importId: params.importId ?? "",
        sendInvitations: form.input.sendInvitations === "on",
        defaultTimezone: IMPORT_DEFAULT_TIMEZONE,
        ip: clientIp(context),
      },
      new Date(),
    );
    return answer({ ok: true, message: summaryLine(s) });
  } catch (e) {
    return refuse(e);
  }
}

function summaryLine(s: ImportSummary): string {
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? "" : "s"}`;
  return (
    `Imported: ${n(s.accountsCreated, "account")} created, ${s.accountsUpdated} updated; ` +
    `${n(s.contactsCreated, "contact")} created, ${s.contactsUpdated} updated; ` +
    `${n(s.journeysStarted, "journey")} started; ${n(s.invitationsSent, "invitation")} sent.` +
    (s.rowsRefused ? ` ${n(s.rowsRefused, "row")} with errors left out.` : "")
  );
}

const ACTION_LABEL = { create: "Create", update: "Update", skip: "Skip", error: "Error" } as const;

function RowList({ rows, label }: { rows: RowVerdict[]; label: string }) {
  return (
    <ul aria-label={label} className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
      {rows.map((r) => (
        <li key={r.line} className="flex flex-col gap-1 p-3 text-sm sm:flex-row sm:gap-4">
          <span className="shrink-0 font-medium tabular-nums">{`Row ${r.line}`}</span>
          <span className="break-all">
            {r.externalId || "(no external_id)"} · {r.accountName || "(no name)"}
            {r.contactEmail ? ` · ${r.contactEmail}` : ""}
          </span>
          <span className={r.action === "error" ? "text-red-700" : "text-slate-700"}>
            {r.action === "error" ? r.error : ACTION_LABEL[r.action]}
          </span>
        </li>
      ))}
    </ul>
  );
}

export default function ImportPreview() {
  const { viewer, view, counts, errors, changes, moreChanges } = useLoaderData<typeof loader>();
  const confirm = useFetcher<typeof action>();
  const poll = useFetcher<typeof loader>();
  const running = confirm.state !== "idle" || view.status === "running";
  // The confirmation's request stays open while the import runs; meanwhile the
  // page asks for the progress the run writes beside its transaction.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (poll.state === "idle") poll.load(`/admin/import/${view.id}`);
    }, 500);
    return () => clearInterval(timer);
  }, [running, poll, view.id]);
  const live = poll.data?.view ?? view;
  const status = confirm.data?.ok ? "done" : live.status;

  return (
    <AppShell user={viewer}>
      <BackLink to="/admin/import">All imports</BackLink>
      <h1 className="mt-2 break-all text-2xl font-bold tracking-tight">{view.fileName}</h1>
      <p className="mt-1 text-sm text-slate-700">
        Uploaded {formatDateTime(view.createdAt, viewer.timezone)} · {view.totalRows} rows
      </p>

      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="import-counts">
        {(["create", "update", "skip", "error"] as const).map((k) => (
          <div key={k} className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">
              {{ create: "To create", update: "To update", skip: "Unchanged", error: "With errors" }[k]}
            </dt>
            <dd className="text-2xl font-semibold tabular-nums">{counts[k]}</dd>
          </div>
        ))}
      </dl>

      <FormAnswerNotice answer={confirm.data} id="import-answer" className="mt-4" />
      {running && (
        <div className="mt-4" aria-live="polite">
          <ProgressBar done={live.processedRows} total={live.totalRows} label="Importing rows" />
        </div>
      )}
      {status === "done" && !confirm.data && view.summary && (
        <p className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-800">{summaryLine(view.summary)}</p>
      )}

      {(status === "previewed" || status === "failed") && !running && (
        <confirm.Form method="post" className="mt-6 space-y-3 rounded-xl border border-slate-200 bg-white p-4">
          {status === "failed" && (
            <p className="text-sm text-red-800">The last attempt failed and wrote nothing. You can try again.</p>
          )}
          <p className="text-sm">
            {counts.error > 0
              ? `The ${counts.error} rows with errors are left out; fix them in the file and import it again later.`
              : "Every row can be imported."}
          </p>
          <div className="flex items-start gap-2">
            <input id="send-invitations" name="sendInvitations" type="checkbox" className="mt-1" />
            <label htmlFor="send-invitations" className="text-sm">
              Email an invitation to each contact who has not been invited yet. Leave this off to invite them later.
            </label>
          </div>
          <button
            type="submit"
            name="intent"
            value="confirm"
            className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          >
            {`Import ${counts.create + counts.update} row${counts.create + counts.update === 1 ? "" : "s"}`}
          </button>
        </confirm.Form>
      )}

      {errors.length > 0 && (
        <>
          <h2 className="mt-8 text-lg font-semibold">Rows with errors</h2>
          <RowList rows={errors} label="Rows with errors" />
        </>
      )}
      {changes.length > 0 && (
        <>
          <h2 className="mt-8 text-lg font-semibold">Rows to create or update</h2>
          <RowList rows={changes} label="Rows to create or update" />
          {moreChanges > 0 && <p className="mt-2 text-sm text-slate-700">And {moreChanges} more.</p>}
        </>
      )}
    </AppShell>
  );
}
