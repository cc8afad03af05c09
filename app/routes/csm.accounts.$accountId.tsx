import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { describeAccountEvent } from "~/components/account/account-event";
import { AppShell } from "~/components/app-shell";
import { BackLink } from "~/components/back-link";
import { pageTitle } from "~/components/brand";
import { AccountStepLine, StepEditPanel } from "~/components/journey/account-step";
import { AddMilestoneForm } from "~/components/journey/add-milestone-form";
import { Comments } from "~/components/journey/comments";
import { JourneySummary } from "~/components/journey/journey-summary";
import { FoldedStage, StageSection } from "~/components/journey/stage-section";
import { StageSummary } from "~/components/journey/stage-summary";
import { AccountPulse } from "~/components/pulse/account-pulse";
import { accountAttention } from "~/modules/insights/account-attention";
import {
  type AccountPageAsk,
  type AccountStep,
  accountPage,
  TIMELINE_SHOWN,
  timelineLimit,
} from "~/modules/journeys/account-page.server";
import type { TimelineEntry } from "~/modules/journeys/get-timeline.server";
import { planCustomerReminder } from "~/modules/journeys/plan-customer-reminder.server";
import { type ReminderNote, reminderNote } from "~/modules/journeys/reminder-words";
import { describePulseAnswer } from "~/modules/pulse/pulse-rules";
import { workspaceNudgeRules } from "~/modules/workspace/workspace-settings.server";
import { answerCommentForm, postedIntent } from "~/server/comment-form.server";
import { answerMilestoneForm } from "~/server/milestone-form.server";
import { journeyOpenQuery, parseQuery, queryChoice } from "~/server/query.server";
import { readAccountPage } from "~/server/read-account-page.server";
import { answerReminderForm, REMIND_INTENT } from "~/server/reminder-form.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? data.page.account.name : "Account") },
];

const query = z.object({
  // The one step whose edit panel is open.
  edit: z.guid("The step to edit in the address is not a step's id.").optional(),
  // The whole timeline rather than its newest entries.
  events: queryChoice(["all"], "which events to show").optional(),
  // A stage to open by its number on the page, or the stage holding a step (links from emails).
  ...journeyOpenQuery,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  const ask: AccountPageAsk = parseQuery(request, query);
  const read = await readAccountPage(getDb(), viewer, params.accountId ?? "", timelineLimit(ask), new Date());
  if (!read) throw new Response("Account not found", { status: 404 });
  const { view, timeline, owners, pulse, canEdit, health } = read;
  const page = accountPage(view, timeline, ask);
  // The line at the top: the health in the insights' words, and why. The timeline is newest
  // first: its first entry is the journey's last activity.
  const attention = accountAttention(view, timeline[0]?.at ?? null, health);
  if (ask.edit && !page.editing) throw new Response("That step is not on this account's journey.", { status: 404 });
  return {
    reminder: canEdit && page.editing ? await reminderFor(viewer, page.editing) : null,
    viewer: { id: viewer.id, name: viewer.name, role: viewer.role },
    page: canEdit ? page : { ...page, editing: null },
    attention,
    pulse,
    owners,
    canEdit,
    allEvents: ask.events === "all",
    latestShown: TIMELINE_SHOWN,
  };
}

/** For the open customer step being edited: whether "Remind the customer" may be pressed, and who gets it when. */
async function reminderFor(
  viewer: Awaited<ReturnType<typeof requireStaff>>,
  step: { id: string; ownerSide: string; status: string },
): Promise<ReminderNote | null> {
  // Any other step has no reminder to send by hand, and no panel section for it.
  if (step.ownerSide !== "customer" || step.status !== "open") return null;
  const db = getDb();
  const now = new Date();
  const plan = await planCustomerReminder(db, viewer, step.id, now, await workspaceNudgeRules(db, getEnv()));
  return reminderNote(plan, now, viewer.timezone);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireStaff(request);
  // Narrowed to this page's account: a milestone of any other account is a 404.
  const actor = { ...viewer, accountId: params.accountId ?? "" };
  const intent = await postedIntent(request);
  if (intent === "comment") return answerCommentForm(request, actor);
  if (intent === REMIND_INTENT) return answerReminderForm(request, actor, viewer.timezone);
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
    case "upgrade_added":
      return `${who} upgraded the journey to version ${String(e.data.toVersion)}: "${e.milestoneTitle}" added${e.data.inPassedStage ? " to a stage already passed" : ""}`;
    case "upgrade_changed":
      return `${who} upgraded the journey to version ${String(e.data.toVersion)}: "${e.milestoneTitle}" changed`;
    case "upgrade_removed":
      return `${who} upgraded the journey to version ${String(e.data.toVersion)}: "${e.milestoneTitle}" removed from the playbook, marked not needed`;
    case "reminded":
      return `${who} asked for a reminder to ${String(e.data.toName ?? "the customer")} about "${e.milestoneTitle}", going out ${formatDateTime(String(e.data.sendAt), String(e.data.timezone ?? "UTC"))}, their time`;
    case "stage_entered":
      return `The journey entered ${e.stageName}`;
    case "pulse_answered":
      return describePulseAnswer(who, e.stageName, e.data);
    default:
      return describeAccountEvent(who, e.kind, e.data);
  }
}

/** The page's address with these query values (the edit panel, the whole timeline), and a fragment. */
function pageHref(accountId: string, ask: AccountPageAsk, hash?: string): string {
  const q = new URLSearchParams();
  if (ask.edit) q.set("edit", ask.edit);
  if (ask.events) q.set("events", ask.events);
  if (ask.stage) q.set("stage", String(ask.stage));
  if (ask.step) q.set("step", ask.step);
  const search = q.toString();
  return `/csm/accounts/${accountId}${search ? `?${search}` : ""}${hash ? `#${hash}` : ""}`;
}

/** The goals in a few words beside the link to them: "2 goals, 1 achieved". */
function goalSummary(goals: { status: string }[]): string {
  if (goals.length === 0) return "none yet";
  const achieved = goals.filter((g) => g.status === "achieved").length;
  const atRisk = goals.filter((g) => g.status === "at_risk").length;
  return [
    `${goals.length} ${goals.length === 1 ? "goal" : "goals"}`,
    achieved ? `${achieved} achieved` : null,
    atRisk ? `${atRisk} at risk` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

export default function AccountPage() {
  const { viewer, page, attention, pulse, owners, canEdit, allEvents, latestShown, reminder } =
    useLoaderData<typeof loader>();
  const { account, editing } = page;
  // The stage opened by `?stage=` stays open on the page's own links.
  const opened = page.opened ?? undefined;
  const events: AccountPageAsk["events"] = allEvents ? "all" : undefined;
  // Stages finished before the page opened fold to one line each; a stage finished while here
  // stays open, so focus keeps its place. The one holding the step being edited opens.
  const [from] = useState(page.currentStage.position);
  const line = (m: AccountStep, testId: "milestone" | "milestone-line") => (
    <AccountStepLine
      key={m.id}
      step={m}
      timezone={account.timezone}
      canToggle={canEdit && m.status !== "not_applicable"}
      editHref={
        canEdit && editing?.id !== m.id
          ? pageHref(account.id, { edit: m.id, events, stage: opened }, `milestone-${m.id}`)
          : null
      }
      testId={testId}
    >
      {editing?.id === m.id && (
        <StepEditPanel
          milestone={editing}
          owners={owners}
          closeHref={pageHref(account.id, { events, stage: opened, step: m.id }, `milestone-${m.id}`)}
          reminder={reminder}
        />
      )}
      {/* Comments where a step has some, and the form in the step being edited (ADR 033). */}
      {m.comments && (m.comments.length > 0 || editing?.id === m.id) ? (
        <Comments
          subject={{ kind: "milestone", id: m.id, title: m.title }}
          comments={m.comments}
          timezone={account.timezone}
          reader="staff"
          canComment={canEdit && editing?.id === m.id}
          mentionable={page.mentionable}
        />
      ) : null}
    </AccountStepLine>
  );
  return (
    <AppShell user={viewer}>
      <BackLink to="/csm">Portfolio</BackLink>
      <JourneySummary
        view={page}
        heading={account.name}
        staff
        lead={
          <p
            data-testid="attention"
            className={`mt-3 rounded-md border p-3 text-sm font-medium ${
              attention.health === "stuck"
                ? "border-red-300 bg-red-50 text-red-900"
                : attention.health === "behind"
                  ? "border-amber-300 bg-amber-50 text-amber-900"
                  : attention.health === "on_track"
                    ? "border-emerald-200 bg-emerald-50 text-emerald-900"
                    : "border-slate-200 bg-slate-50 text-slate-800"
            }`}
          >
            {attention.line}
          </p>
        }
      />
      <p className="mt-3 text-sm">
        <Link to={`/csm/accounts/${account.id}/contacts`} className="font-medium text-brand-700 underline">
          Contacts and invitations
        </Link>
        {" · "}
        <Link to={`/csm/accounts/${account.id}/settings`} className="font-medium text-brand-700 underline">
          Account settings
        </Link>
        {" · "}
        <Link to={`/csm/accounts/${account.id}/goals`} className="font-medium text-brand-700 underline">
          Success goals
        </Link>{" "}
        <span className="text-slate-600">({goalSummary(page.goals)})</span>
      </p>
      <AccountPulse answers={pulse} timezone={account.timezone} />
      <div className="mt-8 grid gap-8 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {canEdit && (
            <AddMilestoneForm accountId={account.id} stages={page.stages} owners={owners} today={page.today} />
          )}
          {page.stages.map((stage) =>
            stage.milestones === null || (page.opened === stage.position && stage.position < from) ? (
              // Finished before today: one line, opened by its link (`?stage=`), with or without script.
              <StageSummary
                key={stage.id}
                stage={stage}
                open={stage.milestones !== null}
                className="mb-4 scroll-mt-4"
                href={(position) => pageHref(account.id, { edit: editing?.id, events, stage: position ?? undefined })}
              >
                {stage.milestones?.map((m) => line(m, "milestone-line"))}
              </StageSummary>
            ) : stage.state === "done" && stage.position < from ? (
              <FoldedStage
                key={stage.id}
                stage={{ ...stage, milestones: stage.milestones }}
                className="mb-4"
                open={stage.milestones.some((m) => m.id === editing?.id)}
              >
                {stage.milestones.map((m) => line(m, "milestone-line"))}
              </FoldedStage>
            ) : (
              <StageSection key={stage.id} stage={stage} className="mb-8">
                {stage.milestones.map((m) => line(m, "milestone"))}
              </StageSection>
            ),
          )}
        </div>
        <section aria-labelledby="timeline-h" className="lg:sticky lg:top-4 lg:self-start">
          <h2 id="timeline-h" className="text-xl font-semibold">
            Timeline
          </h2>
          {page.timeline.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">Nothing has happened yet.</p>
          ) : (
            <ol className="mt-3 space-y-3 border-l-2 border-slate-200 pl-4" data-testid="timeline">
              {page.timeline.map((e) => (
                <li key={e.id} className="text-sm">
                  <p className="text-slate-800">{describe(e)}</p>
                  <p className="text-xs text-slate-500">
                    <time dateTime={e.at}>{formatDateTime(e.at, account.timezone)}</time>
                  </p>
                </li>
              ))}
            </ol>
          )}
          {page.timelineCut && (
            <p className="mt-3 text-sm">
              <Link
                to={pageHref(account.id, { edit: editing?.id, events: "all", stage: opened }, "timeline-h")}
                className="font-medium text-brand-700 underline"
                preventScrollReset
              >
                Show the whole timeline
              </Link>
            </p>
          )}
          {allEvents && page.timeline.length > latestShown && (
            <p className="mt-3 text-sm">
              <Link
                to={pageHref(account.id, { edit: editing?.id, stage: opened }, "timeline-h")}
                className="font-medium text-brand-700 underline"
                preventScrollReset
              >
                Show the latest {latestShown} only
              </Link>
            </p>
          )}
        </section>
      </div>
    </AppShell>
  );
}
