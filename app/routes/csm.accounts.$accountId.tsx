import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { describeAccountEvent } from "~/components/account/account-event";
import { AppShell } from "~/components/app-shell";
import { BackLink } from "~/components/back-link";
import { pageTitle } from "~/components/brand";
import { AddMilestoneForm } from "~/components/journey/add-milestone-form";
import { JourneySummary } from "~/components/journey/journey-summary";
import { MilestoneComments } from "~/components/journey/milestone-comments";
import { MilestoneItem } from "~/components/journey/milestone-item";
import { MilestoneLine } from "~/components/journey/milestone-line";
import { MilestoneStaffControls } from "~/components/journey/milestone-staff-controls";
import { NotApplicableControl } from "~/components/journey/not-applicable-control";
import { FoldedStage, StageSection } from "~/components/journey/stage-section";
import { mayChange } from "~/modules/accounts/access.server";
import { listOwnerCandidates } from "~/modules/accounts/list-owner-candidates.server";
import { getJourney, type JourneyMilestoneView, withFinishedStagesBrief } from "~/modules/journeys/get-journey.server";
import { getTimeline, type TimelineEntry } from "~/modules/journeys/get-timeline.server";
import { answerCommentForm, postedIntent } from "~/server/comment-form.server";
import { answerMilestoneForm } from "~/server/milestone-form.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? data.view.account.name : "Account") },
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
  // A viewer reads the same page without the controls; the commands refuse them anyway.
  const canEdit = mayChange(viewer);
  return {
    viewer: { id: viewer.id, name: viewer.name, role: viewer.role },
    view: withFinishedStagesBrief(view),
    timeline,
    owners: canEdit ? owners : [],
    canEdit,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireStaff(request);
  // Narrowed to this page's account: a milestone of any other account is a 404.
  const actor = { ...viewer, accountId: params.accountId ?? "" };
  if ((await postedIntent(request)) === "comment") return answerCommentForm(request, actor);
  return answerMilestoneForm(request, actor, [
    "complete",
    "reopen",
    "owner",
    "due",
    "note",
    "not_applicable",
    "applicable",
  ]);
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
      return `${who} moved "${e.milestoneTitle}" from ${formatDate(String(e.data.from))} to ${formatDate(String(e.data.to))}${e.data.reason === "pause" ? ` after ${e.data.days} days on hold` : ""}`;
    case "note":
      return `${who} noted on "${e.milestoneTitle}": ${String(e.data.text ?? "")}`;
    case "added":
      return `${who} added "${e.milestoneTitle}" to ${String(e.data.stage ?? "the journey")}, due ${formatDate(String(e.data.dueOn))}`;
    case "not_applicable":
      return `${who} marked "${e.milestoneTitle}" not applicable: ${String(e.data.reason ?? "")}`;
    case "applicable_again":
      return `${who} brought back "${e.milestoneTitle}"`;
    case "commented":
      return `${who} commented on "${e.milestoneTitle}": ${String(e.data.text ?? "")}`;
    case "stage_entered":
      return `The journey entered ${e.stageName}`;
    default:
      return describeAccountEvent(who, e.kind, e.data);
  }
}

export default function AccountPage() {
  const { viewer, view, timeline, owners, canEdit } = useLoaderData<typeof loader>();
  // Stages finished before the page opened fold to one line each, their steps as lines that keep
  // the staff's controls; a stage finished while here stays open, so focus keeps its place.
  const [from] = useState(view.currentStage.position);
  // The same step controls under a full card and under a folded line.
  const canToggle = (m: JourneyMilestoneView) => canEdit && m.status !== "not_applicable";
  const controls = (m: JourneyMilestoneView) =>
    canEdit && (
      <>
        <MilestoneStaffControls milestone={m} owners={owners} />
        <NotApplicableControl milestone={m} />
      </>
    );
  return (
    <AppShell user={viewer}>
      <BackLink to="/csm">Portfolio</BackLink>
      <JourneySummary view={view} heading={view.account.name} />
      <p className="mt-3 text-sm">
        <Link to={`/csm/accounts/${view.account.id}/contacts`} className="font-medium text-brand-700 underline">
          Contacts and invitations
        </Link>
        {" · "}
        <Link to={`/csm/accounts/${view.account.id}/settings`} className="font-medium text-brand-700 underline">
          Account settings
        </Link>
      </p>
      <div className="mt-8 grid gap-8 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {canEdit && (
            <AddMilestoneForm accountId={view.account.id} stages={view.stages} owners={owners} today={view.today} />
          )}
          {view.stages.map((stage) =>
            stage.state === "done" && stage.position < from ? (
              <FoldedStage key={stage.id} stage={stage} className="mb-4">
                {stage.milestones.map((m) => (
                  <MilestoneLine key={m.id} milestone={m} timezone={view.account.timezone} canToggle={canToggle(m)}>
                    {controls(m)}
                  </MilestoneLine>
                ))}
              </FoldedStage>
            ) : (
              <StageSection key={stage.id} stage={stage} className="mb-8">
                {stage.milestones.map((m) => (
                  <MilestoneItem key={m.id} milestone={m} timezone={view.account.timezone} canToggle={canToggle(m)}>
                    {controls(m)}
                    {m.comments ? (
                      <MilestoneComments
                        milestoneId={m.id}
                        milestoneTitle={m.title}
                        comments={m.comments}
                        timezone={view.account.timezone}
                        reader="staff"
                        canComment={canEdit}
                        mentionable={view.mentionable}
                      />
                    ) : null}
                  </MilestoneItem>
                ))}
              </StageSection>
            ),
          )}
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
