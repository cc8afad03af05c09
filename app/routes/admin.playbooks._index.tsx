// The playbooks (issue 11 §1): each with its published versions and how many journeys
// run on each. Admins create, duplicate, archive and bring back playbooks; CSMs and
// read-only viewers read the list, and their writes are refused (ADR 035).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { Badge } from "~/components/ui/badge";
import { ConfirmDisclosure } from "~/components/ui/confirm-disclosure";
import { FIELD_INPUT, Field } from "~/components/ui/field";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { setPlaybookArchived } from "~/modules/playbooks/archive-playbook.server";
import { createPlaybook } from "~/modules/playbooks/create-playbook.server";
import { duplicatePlaybook } from "~/modules/playbooks/duplicate-playbook.server";
import { listPlaybooks } from "~/modules/playbooks/list-playbooks.server";
import { assertMayEditPlaybooks, mayEditPlaybooks } from "~/modules/playbooks/playbook-editors";
import { answer, parseForm, refuse } from "~/server/form-answer.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { FormAnswer } from "~/utils/form-answer";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Playbooks") }];

const playbookId = z.uuid({ error: "No such playbook." });
const name = z
  .string({ error: "Give the playbook a name." })
  .max(1000, "The playbook's name is at most 120 characters.");
const playbooksForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("create"), name }),
    z.object({ intent: z.literal("duplicate"), playbookId, name }),
    z.object({
      intent: z.literal("archive"),
      playbookId,
      confirm: z.literal("yes", { error: "Confirm first: press “Yes, archive …”." }),
    }),
    z.object({ intent: z.literal("unarchive"), playbookId }),
  ],
  { error: "Unknown action." },
);

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  return {
    viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone },
    mayEdit: mayEditPlaybooks(viewer),
    playbooks: await listPlaybooks(getDb()),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireStaff(request);
  try {
    // Refused before the form is read: a CSM's or viewer's write is a 403 whatever it holds.
    assertMayEditPlaybooks(viewer);
  } catch (e) {
    return refuse(e);
  }
  const form = await parseForm(request, playbooksForm);
  if (!form.ok) return form.answer;
  const input = form.input;
  const db = getDb();
  const target = "playbookId" in input ? input.playbookId : undefined;
  try {
    switch (input.intent) {
      case "create": {
        const { playbookId } = await createPlaybook(db, viewer, { name: input.name });
        return answer({
          ok: true,
          message: `Created the playbook "${input.name.trim()}". Open its draft to add stages and milestones, then publish it.`,
          target: playbookId,
          intent: "create",
        });
      }
      case "duplicate": {
        const copy = await duplicatePlaybook(db, viewer, { playbookId: input.playbookId, name: input.name });
        return answer({
          ok: true,
          message: `Duplicated as "${input.name.trim()}": a draft with no versions yet.`,
          target: copy.playbookId,
          intent: "duplicate",
        });
      }
      case "archive": {
        const r = await setPlaybookArchived(db, viewer, { playbookId: input.playbookId, archived: true }, new Date());
        return answer({
          ok: true,
          message: r.changed
            ? `Archived "${r.name}". It is no longer offered for new journeys; its running journeys go on.`
            : `"${r.name}" was already archived.`,
          target,
        });
      }
      case "unarchive": {
        const r = await setPlaybookArchived(db, viewer, { playbookId: input.playbookId, archived: false }, new Date());
        return answer({
          ok: true,
          message: r.changed ? `"${r.name}" is back: new journeys may start from it.` : `"${r.name}" was not archived.`,
          target,
        });
      }
    }
  } catch (e) {
    return refuse(e, input.intent === "create" ? "create" : target);
  }
}

const BUTTON = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100";

export default function Playbooks() {
  const { viewer, mayEdit, playbooks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // Where the answer shows: the new playbook's card after a create or duplicate, the form's own line after a refusal.
  const createAnswer = result && !result.ok && result.target === "create" ? result : undefined;
  return (
    <AppShell user={viewer}>
      <h1 className="text-2xl font-bold tracking-tight">Playbooks</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">
        A journey starts from a playbook's latest published version and keeps that version. Edit a playbook's draft,
        then publish it as a new version; a draft is never live.
        {mayEdit ? null : " Only admins change playbooks."}
      </p>
      {/* Answers that belong to no card (a card that is gone, an unreadable form). */}
      {result && !playbooks.some((p) => p.id === result.target) && result.target !== "create" ? (
        <FormAnswerNotice answer={result} className="mt-4" />
      ) : null}

      {mayEdit ? (
        <Form
          method="post"
          className="mt-4 flex max-w-xl flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4"
        >
          <div className="min-w-0 flex-1 basis-48">
            <Field name="name" label="New playbook's name" answer={createAnswer}>
              {(p) => (
                <input {...p} required maxLength={120} placeholder="Self-serve onboarding" className={FIELD_INPUT} />
              )}
            </Field>
          </div>
          <button
            type="submit"
            name="intent"
            value="create"
            disabled={busy}
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
          >
            Create playbook
          </button>
        </Form>
      ) : null}

      <ul className="mt-6 space-y-4">
        {playbooks.map((p) => (
          <PlaybookCard
            key={p.id}
            playbook={p}
            mayEdit={mayEdit}
            answer={result}
            busy={busy}
            timezone={viewer.timezone}
          />
        ))}
      </ul>
      {playbooks.length === 0 ? <p className="mt-6 text-slate-600">No playbooks yet.</p> : null}
    </AppShell>
  );
}

type Playbook = ReturnType<typeof useLoaderData<typeof loader>>["playbooks"][number];

function PlaybookCard({
  playbook: p,
  mayEdit,
  answer,
  busy,
  timezone,
}: {
  playbook: Playbook;
  mayEdit: boolean;
  answer: FormAnswer | undefined;
  busy: boolean;
  timezone: string;
}) {
  const mine = answer?.target === p.id ? answer : undefined;
  const running = p.versions.reduce((n, v) => n + v.running, 0);
  const duplicateAnswer = mine && !mine.ok ? mine : undefined;
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4" data-testid="playbook">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="break-words text-lg font-semibold">
          <Link to={`/admin/playbooks/${p.id}`} className="text-brand-700 underline hover:text-brand-900">
            {p.name}
          </Link>
        </h2>
        {p.archivedAt ? <Badge tone="amber">Archived</Badge> : null}
        {p.versions.length === 0 ? <Badge>Not published</Badge> : null}
      </div>
      {p.description ? <p className="mt-1 text-sm text-slate-600">{p.description}</p> : null}
      <FormAnswerNotice answer={mine} className="mt-3" fieldErrorsApart />
      {mine?.ok && mine.intent ? (
        <p className="mt-2 text-sm">
          <Link to={`/admin/playbooks/${p.id}`} className="text-brand-700 underline">
            Open the draft of “{p.name}”
          </Link>
        </p>
      ) : null}

      <h3 className="mt-3 text-sm font-semibold">Versions</h3>
      {p.versions.length ? (
        <ol className="mt-1 space-y-2 text-sm">
          {p.versions.map((v) => (
            <li key={v.number} className="border-l-2 border-slate-200 pl-3">
              <p>
                <span className="font-medium">Version {v.number}</span> ·{" "}
                <time dateTime={new Date(v.publishedAt).toISOString()}>{formatDateTime(v.publishedAt, timezone)}</time>{" "}
                · {v.journeys === 1 ? "1 journey" : `${v.journeys} journeys`}
                {v.journeys ? ` (${v.running} running)` : ""}
              </p>
              <p className="text-slate-600">{v.note}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="mt-1 text-sm text-slate-600">None yet: the playbook starts no journeys until it is published.</p>
      )}

      <div className="mt-4 flex flex-wrap items-start gap-3 text-sm">
        <Link to={`/admin/playbooks/${p.id}`} className={BUTTON}>
          {mayEdit ? "Edit draft" : "View draft"}
          <span className="sr-only"> of “{p.name}”</span>
        </Link>
        {mayEdit ? (
          <>
            <details className="max-w-full" open={!!duplicateAnswer}>
              <summary
                className={`${BUTTON} inline-block cursor-pointer list-none`}
                aria-label={`Duplicate “${p.name}”`}
              >
                Duplicate
              </summary>
              <Form
                method="post"
                className="mt-2 max-w-xs space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3"
              >
                <input type="hidden" name="playbookId" value={p.id} />
                <div>
                  <label htmlFor={`copy-${p.id}`} className="block font-medium">
                    Name of the copy
                  </label>
                  <input
                    id={`copy-${p.id}`}
                    name="name"
                    required
                    maxLength={120}
                    defaultValue={`Copy of ${p.name}`.slice(0, 120)}
                    aria-invalid={duplicateAnswer?.fieldErrors?.name ? true : undefined}
                    aria-describedby={duplicateAnswer?.fieldErrors?.name ? `copy-${p.id}-error` : undefined}
                    className={FIELD_INPUT}
                  />
                  {duplicateAnswer?.fieldErrors?.name ? (
                    <p id={`copy-${p.id}-error`} className="mt-1 text-red-700">
                      {duplicateAnswer.fieldErrors.name}
                    </p>
                  ) : null}
                </div>
                <button
                  type="submit"
                  name="intent"
                  value="duplicate"
                  disabled={busy}
                  className="rounded-md bg-brand-600 px-3 py-1.5 font-semibold text-white hover:bg-brand-700"
                >
                  Duplicate the draft
                </button>
              </Form>
            </details>
            {p.archivedAt ? (
              <Form method="post">
                <input type="hidden" name="playbookId" value={p.id} />
                <button type="submit" name="intent" value="unarchive" disabled={busy} className={BUTTON}>
                  Bring back<span className="sr-only"> “{p.name}”</span>
                </button>
              </Form>
            ) : (
              <ConfirmDisclosure
                label="Archive"
                ariaLabel={`Archive “${p.name}”`}
                summaryClassName={`${BUTTON} inline-block cursor-pointer list-none text-red-700`}
                className="max-w-full"
                question={`Archive “${p.name}”? It will no longer be offered for new accounts or imports. ${running === 1 ? "Its 1 running journey goes" : `Its ${running} running journeys go`} on as they are. You can bring it back later.`}
                yes={`Yes, archive “${p.name}”`}
                intent="archive"
                fields={{ playbookId: p.id, confirm: "yes" }}
                busy={busy}
              />
            )}
          </>
        ) : null}
      </div>
    </li>
  );
}
