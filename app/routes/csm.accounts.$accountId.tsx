import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { JourneySummary } from "~/components/journey/journey-summary";
import { MilestoneItem } from "~/components/journey/milestone-item";
import { StageSection } from "~/components/journey/stage-section";
import { FieldError, fieldAria } from "~/components/ui/field-error";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { listOwnerCandidates, type OwnerCandidate } from "~/modules/accounts/list-owner-candidates.server";
import { getJourney, type JourneyMilestoneView } from "~/modules/journeys/get-journey.server";
import { getTimeline, type TimelineEntry } from "~/modules/journeys/get-timeline.server";
import { NOTE_MAX } from "~/modules/journeys/milestone-forms";
import { answerMilestoneForm } from "~/server/milestone-form.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.view.account.name} · Waypoint` : "Account · Waypoint" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  const db = getDb();
  const view = await getJourney(db, viewer, params.accountId ?? "", new Date());
  if (!view) throw new Response("Account not found", { status: 404 });
  const [timeline, owners] = await Promise.all([
    getTimeline(db, viewer, view.account.id),
    listOwnerCandidates(db, view.account.id),
  ]);
  return { viewer: { id: viewer.id, name: viewer.name, role: viewer.role }, view, timeline, owners };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireStaff(request);
  // Narrowed to this page's account: a milestone of any other account is a 404.
  const actor = { ...viewer, accountId: params.accountId ?? "" };
  return answerMilestoneForm(request, actor, ["complete", "reopen", "owner", "due", "note"]);
}

function StaffControls({ milestone, owners }: { milestone: JourneyMilestoneView; owners: OwnerCandidate[] }) {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data;
  const id = milestone.id;
  return (
    <details className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <summary className="cursor-pointer font-medium text-slate-700">Change owner, due date or add a note</summary>
      <div className="mt-3 grid gap-4 sm:grid-cols-2">
        <fetcher.Form method="post" className="space-y-1">
          <input type="hidden" name="milestoneId" value={id} />
          <input type="hidden" name="intent" value="owner" />
          <label htmlFor={`owner-${id}`} className="block font-medium">
            Owner
          </label>
          <div className="flex gap-2">
            <select
              id={`owner-${id}`}
              name="ownerId"
              {...fieldAria(result, "ownerId", `ownerId-error-${id}`)}
              defaultValue={milestone.ownerUserId ?? ""}
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5"
            >
              <option value="" disabled>
                Choose an owner
              </option>
              <optgroup label="Customer contacts">
                {owners
                  .filter((o) => o.side === "customer")
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name} ({o.label})
                    </option>
                  ))}
              </optgroup>
              <optgroup label="Our team">
                {owners
                  .filter((o) => o.side === "vendor")
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name} ({o.label})
                    </option>
                  ))}
              </optgroup>
            </select>
            <button
              type="submit"
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100"
            >
              Save
            </button>
          </div>
          <FieldError answer={result} name="ownerId" id={`ownerId-error-${id}`} className="text-red-700" />
        </fetcher.Form>
        <fetcher.Form method="post" className="space-y-1">
          <input type="hidden" name="milestoneId" value={id} />
          <input type="hidden" name="intent" value="due" />
          <label htmlFor={`due-${id}`} className="block font-medium">
            Due date
          </label>
          <div className="flex gap-2">
            <input
              id={`due-${id}`}
              type="date"
              name="dueOn"
              {...fieldAria(result, "dueOn", `dueOn-error-${id}`)}
              defaultValue={milestone.dueOn}
              required
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5"
            />
            <button
              type="submit"
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100"
            >
              Save
            </button>
          </div>
          <FieldError answer={result} name="dueOn" id={`dueOn-error-${id}`} className="text-red-700" />
        </fetcher.Form>
        <fetcher.Form method="post" className="space-y-1 sm:col-span-2">
          <input type="hidden" name="milestoneId" value={id} />
          <input type="hidden" name="intent" value="note" />
          <label htmlFor={`note-${id}`} className="block font-medium">
            Note
          </label>
          <textarea
            id={`note-${id}`}
            name="note"
            {...fieldAria(result, "note", `note-error-${id}`)}
            rows={2}
            maxLength={NOTE_MAX}
            required
            className="block w-full rounded-md border border-slate-300 px-2 py-1.5"
          />
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
            Add note
          </button>
          <FieldError answer={result} name="note" id={`note-error-${id}`} className="text-red-700" />
        </fetcher.Form>
      </div>
      <FormAnswerNotice answer={result} look="inline" className="mt-2" fieldErrorsApart />
    </details>
  );
}

function describe(e: TimelineEntry): string {
  const who = e.actorName ?? "Someone";
  switch (e.kind) {
    case "completed":
      return `${who} completed "${e.milestoneTitle}"`;
    case "reopened":
      return `${who} reopened "${e.milestoneTitle}"`;
    case "owner_changed":
      return `${who} made ${String(e.data.toName ?? "someone")} the owner of "${e.milestoneTitle}"`;
    case "due_date_changed":
      return `${who} moved "${e.milestoneTitle}" from ${formatDate(String(e.data.from))} to ${formatDate(String(e.data.to))}`;
    case "note":
      return `${who} noted on "${e.milestoneTitle}": ${String(e.data.text ?? "")}`;
    case "stage_entered":
      return `The journey entered ${e.stageName}`;
  }
}

export default function AccountPage() {
  const { viewer, view, timeline, owners } = useLoaderData<typeof loader>();
  return (
    <AppShell user={viewer}>
      <p className="mb-3 text-sm">
        <Link to="/csm" className="text-brand-700 underline">
          ← Portfolio
        </Link>
      </p>
      <JourneySummary view={view} heading={view.account.name} />
      <p className="mt-3 text-sm">
        <Link to={`/csm/accounts/${view.account.id}/contacts`} className="font-medium text-brand-700 underline">
          Contacts and invitations
        </Link>
      </p>
      <div className="mt-8 grid gap-8 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {view.stages.map((stage) => (
            <StageSection key={stage.id} stage={stage} className="mb-8">
              {stage.milestones.map((m) => (
                <MilestoneItem key={m.id} milestone={m} viewerId={viewer.id} timezone={view.account.timezone} canToggle>
                  <StaffControls milestone={m} owners={owners} />
                </MilestoneItem>
              ))}
            </StageSection>
          ))}
        </div>
        <section aria-labelledby="timeline-h" className="lg:sticky lg:top-4 lg:self-start">
          <h2 id="timeline-h" className="text-xl font-semibold">
            Timeline
          </h2>
          {timeline.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">Nothing has happened yet.</p>
          ) : (
            <ol className="mt-3 space-y-3 border-l-2 border-slate-200 pl-4" data-testid="timeline">
              {timeline.map((e) => (
                <li key={e.id} className="text-sm">
                  <p className="text-slate-800">{describe(e)}</p>
                  <p className="text-xs text-slate-500">
                    <time dateTime={e.at}>{formatDateTime(e.at, view.account.timezone)}</time>
                  </p>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </AppShell>
  );
}
