// Each stage's email in a playbook (issue 11 §7): admins edit the draft's
// subject and introduction and preview the email the same template renders;
// CSMs and viewers read them. Published versions are read with `?version=N`.
// Emails already queued keep the words they were queued with (ADR 037).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { STAGE_COPY_PLACEHOLDERS } from "#emails/stage-copy";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { PlaybookStateNav } from "~/components/playbooks/playbook-state-nav";
import { ConfirmDisclosure } from "~/components/ui/confirm-disclosure";
import { FieldError, fieldAria } from "~/components/ui/field-error";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { emailContext } from "~/modules/email/email-context.server";
import type { StageEmailPreview } from "~/modules/playbook-studio/preview-stage-email.server";
import { previewUnsavedStageEmail, readStageEmails } from "~/modules/playbook-studio/read-stage-emails.server";
import { EMAIL_INTRO_MAX, EMAIL_SUBJECT_MAX } from "~/modules/playbooks/playbook-document";
import { saveStageEmail } from "~/modules/playbooks/save-stage-email.server";
import { answer, refusal, unreadableForm } from "~/server/form-answer.server";
import { parseQuery } from "~/server/query.server";
import { readForm } from "~/server/request.server";
import { requireStaff } from "~/server/viewer.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { NotFoundError } from "~/utils/errors.server";
import type { FormAnswer } from "~/utils/form-answer";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? `Stage emails · ${data.view.name}` : "Stage emails") },
];

const STAGE_KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const query = z.object({
  version: z
    .string()
    .regex(/^[1-9]\d{0,5}$/, "The version is a whole number from 1, such as ?version=2.")
    .transform(Number)
    .optional(),
  stage: z
    .string()
    .max(60, "A stage key is at most 60 characters.")
    .regex(STAGE_KEY, "The stage is given by its key, such as ?stage=onboarding.")
    .optional(),
});

/** Today in UTC, for the sample due dates in the preview. */
const today = () => new Date().toISOString().slice(0, 10);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  const q = parseQuery(request, query);
  const db = getDb();
  try {
    const view = await readStageEmails(db, await emailContext(db, getEnv()), {
      playbookId: params.playbookId ?? "",
      choice: q.version === undefined ? { draft: true } : { version: q.version },
      stageKey: q.stage,
      today: today(),
    });
    return { viewer: { name: viewer.name, role: viewer.role }, view };
  } catch (e) {
    if (e instanceof NotFoundError) throw new Response(e.message, { status: 404 });
    throw e;
  }
}

type ActionAnswer = FormAnswer & { preview?: StageEmailPreview };

const form = z.object({
  intent: z.enum(["save", "preview", "clear"], { error: () => "The form could not be read." }),
  stage: z.string().regex(STAGE_KEY, "The form does not say which stage."),
  subject: z
    .string()
    .max(EMAIL_SUBJECT_MAX * 4, `The email's subject is at most ${EMAIL_SUBJECT_MAX} characters.`)
    .default(""),
  intro: z
    .string()
    .max(EMAIL_INTRO_MAX * 4, `The introduction is at most ${EMAIL_INTRO_MAX} characters.`)
    .default(""),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireStaff(request);
  const raw = await readForm(request);
  if (!raw) return unreadableForm();
  const parsed = form.safeParse(raw);
  if (!parsed.success) return answer({ ok: false, message: parsed.error.issues[0]?.message }, 400);
  const input = parsed.data;
  const db = getDb();
  const playbookId = params.playbookId ?? "";
  try {
    if (input.intent === "preview") {
      const preview = await previewUnsavedStageEmail(db, viewer, await emailContext(db, getEnv()), {
        playbookId,
        stageKey: input.stage,
        subject: input.subject,
        intro: input.intro,
        today: today(),
      });
      return data<ActionAnswer>({
        ok: true,
        message: "The preview below shows what you typed. It is not saved yet.",
        preview,
      });
    }
    const cleared = input.intent === "clear";
    const saved = await saveStageEmail(db, viewer, {
      playbookId,
      stageKey: input.stage,
      subject: cleared ? "" : input.subject,
      intro: cleared ? "" : input.intro,
    });
    return answer({
      ok: true,
      message: saved.cleared
        ? "Saved in the draft: this stage now gets the generic words. Publish a version for new emails to use it."
        : "Saved in the draft. Publish a version for new emails to use it; emails already queued keep their words.",
    });
  } catch (e) {
    const refused = refusal(e);
    if (!refused) throw e;
    const fieldErrors = refused.field ? { [refused.field]: refused.message } : undefined;
    return answer({ ok: false, message: refused.message, fieldErrors }, refused.status);
  }
}

const inputClass = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm";
const button =
  "rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60";
const secondary =
  "rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60";

// Links in the preview open in a new tab, outside the sandbox, as they would from a mail client.
function previewHtml(html: string): string {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head([^>]*)>/i, `<head$1>${base}`) : base + html;
}

const PLACEHOLDER_HINT = Object.entries(STAGE_COPY_PLACEHOLDERS)
  .map(([name, what]) => `{${name}} for ${what}`)
  .join(", ");

export default function StageEmailsPage() {
  const { viewer, view } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionAnswer | undefined;
  const busy = useNavigation().state !== "idle";
  const base = `/admin/playbooks/${view.playbookId}`;
  const stage = view.stages.find((s) => s.key === view.stageKey)!;
  const editable = viewer.role === "admin" && view.shown.kind === "draft";
  const stateQuery = view.shown.kind === "version" ? `version=${view.shown.number}&` : "";
  const preview = (result && "preview" in result && result.preview) || view.preview;
  const subjectAria = fieldAria(result, "subject", "subject-error");
  const introAria = fieldAria(result, "intro", "intro-error");

  return (
    <AppShell user={viewer}>
      <p className="mb-3 text-sm">
        <Link
          to={`${base}/map${view.shown.kind === "version" ? `?version=${view.shown.number}` : "?draft=1"}`}
          className="text-brand-700 underline"
        >
          ← Journey map
        </Link>
      </p>
      <h1 className="text-2xl font-bold tracking-tight">Stage emails: {view.name}</h1>
      <p className="mt-1 text-sm text-slate-700">
        When a journey enters a stage, each customer contact gets that stage's email.{" "}
        {view.shown.kind === "draft"
          ? "You are looking at the draft: changes here reach emails once a version is published and journeys run it. Emails already queued keep the words they were queued with."
          : `You are looking at version ${view.shown.number}, which never changes. Edit the draft to change it.`}
      </p>
      <div className="mt-3">
        <PlaybookStateNav
          base={`${base}/emails`}
          versions={view.versions}
          shown={view.shown}
          keep={`stage=${view.stageKey}`}
        />
      </div>

      <nav aria-label="Stages" className="mt-4">
        <ol className="flex flex-wrap gap-2 text-sm">
          {view.stages.map((s) => (
            <li key={s.key}>
              <Link
                to={`${base}/emails?${stateQuery}stage=${s.key}`}
                aria-current={s.key === view.stageKey ? "page" : undefined}
                className={
                  s.key === view.stageKey
                    ? "block rounded-md bg-brand-600 px-3 py-1.5 font-semibold text-white"
                    : "block rounded-md border border-slate-300 bg-white px-3 py-1.5 text-slate-800 hover:bg-slate-100"
                }
              >
                {s.position}. {s.name}
                {s.email ? "" : " (generic)"}
              </Link>
            </li>
          ))}
        </ol>
      </nav>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="words-heading">
          <h2 id="words-heading" className="text-lg font-semibold">
            {stage.position}. {stage.name}: the words
          </h2>
          {stage.position === 1 ? (
            <p className="mt-1 text-sm text-slate-700">
              Journeys start in this stage, and a start sends no stage email: these words are used only if the stage
              moves later in the playbook.
            </p>
          ) : null}
          <FormAnswerNotice answer={result} className="mt-3" />
          {editable ? (
            <Form method="post" className="mt-3 space-y-4" key={`${view.stageKey}-${stage.email?.subject ?? ""}`}>
              <input type="hidden" name="stage" value={view.stageKey} />
              <p id="placeholders-hint" className="text-sm text-slate-600">
                Plain text. Placeholders: {PLACEHOLDER_HINT}. Leave both fields empty for the generic words.
              </p>
              <div>
                <label htmlFor="subject" className="block text-sm font-medium">
                  Subject
                </label>
                <input
                  id="subject"
                  name="subject"
                  type="text"
                  maxLength={EMAIL_SUBJECT_MAX}
                  defaultValue={stage.email?.subject ?? ""}
                  className={inputClass}
                  {...subjectAria}
                  aria-describedby={[subjectAria["aria-describedby"], "placeholders-hint"].filter(Boolean).join(" ")}
                />
                <FieldError answer={result} name="subject" id="subject-error" />
              </div>
              <div>
                <label htmlFor="intro" className="block text-sm font-medium">
                  Introduction
                </label>
                <textarea
                  id="intro"
                  name="intro"
                  rows={7}
                  maxLength={EMAIL_INTRO_MAX}
                  defaultValue={stage.email?.intro ?? ""}
                  className={inputClass}
                  {...introAria}
                  aria-describedby={[introAria["aria-describedby"], "placeholders-hint"].filter(Boolean).join(" ")}
                />
                <FieldError answer={result} name="intro" id="intro-error" />
              </div>
              <div className="flex flex-wrap gap-3">
                <button type="submit" name="intent" value="save" className={button} disabled={busy}>
                  Save in the draft
                </button>
                <button type="submit" name="intent" value="preview" className={secondary} disabled={busy}>
                  Preview without saving
                </button>
              </div>
            </Form>
          ) : (
            <dl className="mt-3 space-y-3 rounded-xl border border-slate-200 bg-white p-4 text-sm">
              <div>
                <dt className="font-medium text-slate-600">Subject</dt>
                <dd className="break-words" data-testid="saved-subject">
                  {stage.email?.subject ?? "Generic words"}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600">Introduction</dt>
                <dd className="whitespace-pre-wrap break-words">{stage.email?.intro ?? "Generic words"}</dd>
              </div>
            </dl>
          )}
          {editable && stage.email ? (
            <ConfirmDisclosure
              className="mt-4 text-sm"
              summaryClassName="cursor-pointer text-red-700 underline"
              label="Use the generic words instead"
              question={`Remove this stage's own subject and introduction from the draft? ${stage.name} then gets the generic words.`}
              yes="Yes, use the generic words"
              intent="clear"
              fields={{ stage: view.stageKey }}
              busy={busy}
            />
          ) : null}
        </section>

        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading" className="text-lg font-semibold">
            Preview
          </h2>
          <p className="mt-1 text-sm text-slate-700">
            As a sample contact at a sample account would get it
            {preview.words === "generic" ? ", with the generic words" : ""}. Rendered by the email's own template.
          </p>
          <p className="mt-2 break-words text-sm">
            <span className="font-medium">Subject: </span>
            <span data-testid="preview-subject">{preview.subject}</span>
          </p>
          {/* Sandboxed: no scripts, no same-origin access, links open outside the frame. */}
          <iframe
            title="Email preview"
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={previewHtml(preview.html)}
            className="mt-2 h-[32rem] w-full rounded-xl border border-slate-200 bg-white"
            data-testid="email-html"
          />
          <details className="mt-3">
            <summary className="cursor-pointer text-sm font-medium text-slate-700">Plain-text part</summary>
            <pre
              className="mt-2 whitespace-pre-wrap break-words rounded-xl border border-slate-200 bg-white p-4 text-sm"
              data-testid="email-text"
            >
              {preview.text}
            </pre>
          </details>
        </section>
      </div>
    </AppShell>
  );
}
