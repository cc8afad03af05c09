// A playbook's draft in the studio (issue 11 §2, §3): admins edit every field, reorder
// by pointer or keyboard, preview it as the customer will see it, save it (checked
// whole, nothing half-saved) and publish it as version N with a note. A draft is never
// live. CSMs and read-only viewers see the preview and the versions; writes are theirs
// to be refused (403). ADR 035.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { BackLink } from "~/components/back-link";
import { pageTitle } from "~/components/brand";
import { PlaybookEditor } from "~/components/playbooks/playbook-editor";
import { PlaybookPreview } from "~/components/playbooks/playbook-preview";
import { Badge } from "~/components/ui/badge";
import { FIELD_INPUT } from "~/components/ui/field";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { documentToEditor, type EditorDocument, editorDocumentSchema } from "~/modules/playbooks/playbook-editor-form";
import { assertMayEditPlaybooks, mayEditPlaybooks } from "~/modules/playbooks/playbook-editors";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { readPlaybookStudio } from "~/modules/playbooks/read-playbook-studio.server";
import { savePlaybookDraft } from "~/modules/playbooks/save-playbook-draft.server";
import { answer, parseForm, refusal, refuse } from "~/server/form-answer.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { FormAnswer } from "~/utils/form-answer";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  { title: pageTitle(matches, data ? `Playbook: ${data.studio.name}` : "Playbook") },
];

const studioForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("save"), draftVersion: z.string().max(100), document: z.string() }),
    z.object({ intent: z.literal("publish"), note: z.string().max(10_000) }),
  ],
  { error: "Unknown action." },
);

function playbookIdOf(params: { playbookId?: string }): string {
  const id = z.uuid().safeParse(params.playbookId);
  if (!id.success) throw new Response("No such playbook.", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  try {
    const studio = await readPlaybookStudio(getDb(), playbookIdOf(params));
    return {
      viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone },
      mayEdit: mayEditPlaybooks(viewer),
      studio,
    };
  } catch (e) {
    const refused = refusal(e);
    if (refused) throw new Response(refused.message, { status: refused.status });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireStaff(request);
  const playbookId = playbookIdOf(params);
  try {
    // A CSM's or viewer's write is a 403 whatever it holds.
    assertMayEditPlaybooks(viewer);
  } catch (e) {
    return refuse(e);
  }
  const form = await parseForm(request, studioForm);
  if (!form.ok) return form.answer;
  const input = form.input;
  try {
    if (input.intent === "publish") {
      const v = await publishPlaybook(getDb(), { playbookId, note: input.note, publishedBy: viewer.id }, new Date());
      return answer({
        ok: true,
        message: `Published version ${v.number}. New journeys start from it; running journeys keep their version.`,
        target: "publish",
      });
    }
    const edited = readEditorDocument(input.document);
    if (!edited) {
      return answer(
        { ok: false, message: "The draft could not be read; reload the page and try again.", target: "draft" },
        400,
      );
    }
    const saved = await savePlaybookDraft(getDb(), viewer, {
      playbookId,
      form: edited,
      draftVersion: input.draftVersion,
    });
    if (!saved.ok) {
      return data<FormAnswer>(
        { ok: false, message: saved.message, fieldErrors: saved.fieldErrors, target: "draft" },
        { status: saved.conflict ? 409 : 400 },
      );
    }
    return answer({
      ok: true,
      message: saved.changed
        ? "Draft saved. It is not live: publish it to make a new version."
        : "Nothing changed in the draft: it is as it was.",
      target: "draft",
    });
  } catch (e) {
    return refuse(e, input.intent === "publish" ? "publish" : "draft");
  }
}

function readEditorDocument(json: string): EditorDocument | null {
  try {
    const parsed = editorDocumentSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The field errors of a refused save, by field name. */
const errorsOf = (a: FormAnswer | undefined) => (a && !a.ok ? (a.fieldErrors ?? {}) : {});

/** The editor's state without the browser's row handles: what a save would change. */
const comparable = (doc: EditorDocument) => JSON.stringify(doc, (k, v) => (k === "id" ? undefined : v));

export default function PlaybookStudio() {
  const { viewer, mayEdit, studio } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const saving = busy && navigation.formData?.get("intent") === "save";
  const saveAnswer = result?.target === "draft" ? result : undefined;
  const publishAnswer = result?.target === "publish" ? result : undefined;

  // The draft being edited starts as the stored one, and starts again from it after each save.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the fingerprint says when the stored draft changed
  const stored = useMemo(() => documentToEditor(studio.draft), [studio.draftVersion]);
  const [doc, setDoc] = useState<EditorDocument>(stored);
  useEffect(() => setDoc(stored), [stored]);
  const dirty = useMemo(() => comparable(doc) !== comparable(stored), [doc, stored]);

  const [errors, setErrors] = useState<Record<string, string>>(() => errorsOf(saveAnswer));
  useEffect(() => setErrors(errorsOf(saveAnswer)), [saveAnswer]);

  const [view, setView] = useState<"edit" | "preview">(mayEdit ? "edit" : "preview");
  const latest = studio.versions[0];
  const tab = (v: "edit" | "preview", label: string) => (
    <button
      type="button"
      aria-pressed={view === v}
      onClick={() => setView(v)}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${view === v ? "bg-brand-600 text-white" : "border border-slate-300 bg-white hover:bg-slate-100"}`}
    >
      {label}
    </button>
  );

  return (
    <AppShell user={viewer}>
      <BackLink to="/admin/playbooks">Playbooks</BackLink>
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="break-words text-2xl font-bold tracking-tight">{studio.name}</h1>
        <Badge tone="blue">Draft</Badge>
        {studio.archivedAt ? <Badge tone="amber">Archived</Badge> : null}
      </div>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">
        {mayEdit
          ? "You are editing the draft. It is never live: journeys run published versions, and publishing makes a new one."
          : "The draft as it stands. Only admins change playbooks."}{" "}
        {latest
          ? `The latest version is ${latest.number}, published ${formatDateTime(latest.publishedAt, viewer.timezone)}.`
          : "Nothing is published yet."}
      </p>

      {mayEdit ? (
        <div className="mt-4 flex flex-wrap gap-2">
          {tab("edit", "Edit the draft")}
          {tab("preview", "Preview as the customer")}
        </div>
      ) : null}

      <div className="mt-4">
        {view === "edit" && mayEdit ? (
          <PlaybookEditor
            doc={doc}
            setDoc={setDoc}
            errors={errors}
            clearErrors={() => setErrors({})}
            draftVersion={studio.draftVersion}
            dirty={dirty}
            busy={saving}
            answer={saveAnswer}
          />
        ) : (
          <section aria-label="Preview as the customer">
            <PlaybookPreview doc={doc} />
          </section>
        )}
      </div>

      {mayEdit ? (
        <PublishForm
          state={studio.draftState}
          latest={latest?.number ?? 0}
          dirty={dirty}
          busy={busy}
          answer={publishAnswer}
        />
      ) : null}

      <section aria-labelledby="versions-heading" className="mt-8">
        <h2 id="versions-heading" className="text-lg font-semibold">
          Versions
        </h2>
        {studio.versions.length ? (
          <ol className="mt-2 space-y-2 text-sm">
            {studio.versions.map((v) => (
              <li key={v.number} className="border-l-2 border-slate-200 pl-3">
                <p>
                  <span className="font-medium">Version {v.number}</span> ·{" "}
                  <time dateTime={new Date(v.publishedAt).toISOString()}>
                    {formatDateTime(v.publishedAt, viewer.timezone)}
                  </time>
                </p>
                <p className="text-slate-600">{v.note}</p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="mt-2 text-sm text-slate-600">None yet: it starts no journeys until it is published.</p>
        )}
      </section>
    </AppShell>
  );
}

const STATE_TEXT = {
  new: (n: number) =>
    `Nothing is published yet: publishing makes version ${n + 1}, and new journeys can start from it.`,
  changed: (n: number) => `The saved draft differs from version ${n}: publishing makes version ${n + 1}.`,
  same: (n: number) => `The saved draft is the same as version ${n}: there is nothing new to publish.`,
  invalid: () => "The saved draft has errors: fix them and save before publishing.",
} as const;

function PublishForm({
  state,
  latest,
  dirty,
  busy,
  answer,
}: {
  state: keyof typeof STATE_TEXT;
  latest: number;
  dirty: boolean;
  busy: boolean;
  answer: FormAnswer | undefined;
}) {
  const noteError = answer && !answer.ok ? answer.fieldErrors?.note : undefined;
  return (
    <section aria-labelledby="publish-heading" className="mt-8 rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="publish-heading" className="text-lg font-semibold">
        Publish
      </h2>
      <p className="mt-1 text-sm text-slate-600" data-testid="draft-state">
        {STATE_TEXT[state](latest)} A version never changes once published.
      </p>
      <FormAnswerNotice answer={answer} id="publish-answer" className="mt-3" fieldErrorsApart />
      <Form method="post" className="mt-3 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="note" className="block text-sm font-medium">
            What changed <span className="font-normal text-slate-600">(one line, at most 200 characters)</span>
          </label>
          <input
            id="note"
            name="note"
            required
            maxLength={200}
            aria-invalid={noteError ? true : undefined}
            aria-describedby={noteError ? "note-error" : dirty ? "publish-dirty" : undefined}
            className={FIELD_INPUT}
          />
          {noteError ? (
            <p id="note-error" className="mt-1 text-sm text-red-700">
              {noteError}
            </p>
          ) : null}
        </div>
        <button
          type="submit"
          name="intent"
          value="publish"
          disabled={busy || dirty}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          Publish version {latest + 1}
        </button>
      </Form>
      {dirty ? (
        <p id="publish-dirty" className="mt-2 text-sm text-amber-900">
          Save your changes first: publishing takes the saved draft.
        </p>
      ) : null}
    </section>
  );
}
