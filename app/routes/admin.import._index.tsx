// Admins upload a CSV of accounts and contacts; the upload is checked and kept
// as a preview (nothing else is written) and the admin is taken to it.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { FieldError, fieldAria } from "~/components/ui/field-error";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { listImports } from "~/modules/import/get-import.server";
import { IMPORT_DEFAULT_TIMEZONE, MAX_IMPORT_ROWS } from "~/modules/import/import-columns";
import { previewImport } from "~/modules/import/preview-import.server";
import { answer, refuse, unreadableForm } from "~/server/form-answer.server";
import { readForm } from "~/server/request.server";
import { requireAdmin } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Import accounts") }];

const STATUS_LABEL = { previewed: "Waiting for confirmation", running: "Running", done: "Imported", failed: "Failed" };

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireAdmin(request);
  const imports = await listImports(getDb(), viewer);
  return { viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone }, imports };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const form = await readForm(request);
  if (!form) return unreadableForm();
  // A file from the picker, or the same text posted as a field (scripts and tests).
  const file = form.file;
  const bytes = typeof file === "string" ? file : file ? new Uint8Array(await file.arrayBuffer()) : "";
  const fileName = typeof file === "string" || !file ? "pasted.csv" : file.name;
  if (bytes.length === 0) {
    return answer({ ok: false, message: "Choose a CSV file.", fieldErrors: { file: "Choose a CSV file." } }, 400);
  }
  try {
    const { importId } = await previewImport(
      getDb(),
      viewer,
      { fileName, bytes, defaultTimezone: IMPORT_DEFAULT_TIMEZONE },
      new Date(),
    );
    return redirect(`/admin/import/${importId}`);
  } catch (e) {
    return refuse(e);
  }
}

export default function ImportUpload() {
  const { viewer, imports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <AppShell user={viewer}>
      <h1 className="text-2xl font-bold tracking-tight">Import accounts and contacts</h1>
      <p className="mt-2 max-w-prose text-slate-700">
        Upload a CSV with one row per contact (an account's columns repeat on each of its contacts' rows), up to{" "}
        {MAX_IMPORT_ROWS.toLocaleString("en")} rows. Rows are matched on <code>external_id</code>, the account's id in
        your CRM, so importing the same file again changes nothing. You see what will happen before anything is written.
      </p>
      <p className="mt-2">
        <a href="/admin/import/template" className="font-medium text-brand-700 underline" download>
          Download the template
        </a>
      </p>
      <FormAnswerNotice answer={result} id="form-answer" className="mt-4" fieldErrorsApart />
      <Form method="post" encType="multipart/form-data" className="mt-4 max-w-lg space-y-3">
        <div>
          <label htmlFor="import-file" className="block text-sm font-medium">
            CSV file
          </label>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            className="mt-1 block w-full text-sm"
            {...fieldAria(result, "file", "import-file-error")}
          />
          <FieldError answer={result} name="file" id="import-file-error" />
        </div>
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {busy ? "Checking…" : "Check the file"}
        </button>
      </Form>

      {imports.length > 0 && (
        <>
          <h2 className="mt-8 text-lg font-semibold">Recent imports</h2>
          <ul className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
            {imports.map((i) => (
              <li key={i.id} className="flex flex-col gap-1 p-4 sm:flex-row sm:justify-between">
                <Link to={`/admin/import/${i.id}`} className="font-medium text-brand-700 underline break-all">
                  {i.file_name}
                </Link>
                <span className="text-sm text-slate-700">
                  {i.total_rows} rows · {STATUS_LABEL[i.status]} · {formatDateTime(i.created_at, viewer.timezone)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </AppShell>
  );
}
