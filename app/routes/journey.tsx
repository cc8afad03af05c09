import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef, useState } from "react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { pageTitle, useBrand } from "~/components/brand";
import { ContactCsm } from "~/components/contact-csm";
import { GoalLine } from "~/components/goals/goal-card";
import { Comments, type CommentsProps } from "~/components/journey/comments";
import { DueBadge } from "~/components/journey/due-badge";
import { DueOn } from "~/components/journey/due-on";
import { JourneySummary } from "~/components/journey/journey-summary";
import { MilestoneItem } from "~/components/journey/milestone-item";
import { MilestoneLine } from "~/components/journey/milestone-line";
import { StageDonePanel } from "~/components/journey/stage-done-panel";
import { StageSection } from "~/components/journey/stage-section";
import { StageSummary } from "~/components/journey/stage-summary";
import { type PulseAnswer, PulsePrompt } from "~/components/pulse/pulse-prompt";
import type { CommentView } from "~/modules/comments/comments-json";
import { customerJourneyPage } from "~/modules/journeys/customer-journey-page.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { stageDoneNotice } from "~/modules/journeys/stage-done-notice";
import { pulseQuestionsJson, pulseQuestionViews } from "~/modules/pulse/get-pulse-questions.server";
import { answerCommentForm, answerGoalCommentForm, postedIntent } from "~/server/comment-form.server";
import { answerMilestoneForm, type MilestoneAnswer } from "~/server/milestone-form.server";
import { answerPulseForm } from "~/server/pulse-form.server";
import { journeyOpenQuery, parseQuery } from "~/server/query.server";
import { readForm } from "~/server/request.server";
import { requireCustomer } from "~/server/viewer.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? `${data.page.account.name} journey` : "Your journey") },
];

const query = z.object({
  // A stage to open by its number on the page, or the stage holding a step (links from emails).
  ...journeyOpenQuery,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireCustomer(request);
  const ask = parseQuery(request, query);
  const now = new Date();
  // The survey questions come in the journey's one statement.
  const view = await getJourney(getDb(), viewer, viewer.accountId!, now, (journeyId) =>
    pulseQuestionsJson(journeyId, viewer.id, now),
  );
  if (!view) throw new Response("Your account has no journey yet.", { status: 404 });
  return {
    pulse: pulseQuestionViews(view.extra ?? [], now),
    viewer: { id: viewer.id, name: viewer.name, role: viewer.role },
    // Only what the page renders: a stage's steps only where it shows them.
    page: customerJourneyPage(view, ask),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireCustomer(request);
  // The comment and survey forms say so by their intent; every other form on the page is a milestone's.
  const intent = await postedIntent(request);
  if (intent === "comment") return answerCommentForm(request, viewer);
  if (intent === "goal_comment") return answerGoalCommentForm(request, viewer);
  if (intent === "pulse") {
    const form = await readForm(request);
    if (!form) throw new Response("The form could not be read.", { status: 400 });
    return answerPulseForm(form, viewer.id);
  }
  return answerMilestoneForm(request, viewer, ["complete", "reopen"]);
}

/**
 * The stage the journey left while this page was open (script on), or null: the page then says
 * what that stage achieved. Derived while rendering, so the live region hears the progress and
 * the notice in one message.
 */
function useStageLeft(position: number, complete: boolean): number | null {
  const [seen, setSeen] = useState({ position, complete });
  const [left, setLeft] = useState<number | null>(null);
  if (seen.position !== position || seen.complete !== complete) {
    setSeen({ position, complete });
    if (position > seen.position || (complete && !seen.complete)) setLeft(seen.position);
  }
  return left;
}

export default function JourneyPage() {
  const { viewer, page, pulse } = useLoaderData<typeof loader>();
  const answered = useActionData<typeof action>();
  // The contact details come with the brand the root loader gives every page.
  const brand = useBrand();
  const current = page.currentStage.position;
  const complete = page.journey.completedAt !== null;
  // The stage that was current when the page opened leads, in full, with any stage after it that
  // the visit reaches; a stage finished while here stays open, so the step just done keeps its
  // place and focus. Every other stage is one line; `?stage=` opens one, as lines.
  const [from] = useState(current);
  const order = [...page.stages.filter((s) => s.position >= from), ...page.stages.filter((s) => s.position < from)];
  const inFull = (s: (typeof page.stages)[number]) =>
    s.position >= from && s.state !== "upcoming" && s.milestones !== null;
  // In a stage shown in full, an open step is a card and a closed one a line; a step seen open
  // during this visit keeps its card once done, so the step just done keeps its place and focus.
  const opens = useRef(new Set<string>());
  const seenOpen = (m: { id: string; status: string }) => {
    if (m.status === "open") opens.current.add(m.id);
    return opens.current.has(m.id);
  };
  const isOpened = (s: (typeof page.stages)[number]) => s.position === page.opened && s.milestones !== null;
  const shown = new Set(page.stages.filter((s) => inFull(s) || isOpened(s)).map((s) => s.position));

  // A stage finished: seen moving while here (script), or said by the answer to the form that did it (no script).
  const movedHere = useStageLeft(current, complete);
  const finished = movedHere ?? (answered as MilestoneAnswer | undefined)?.finishedStage ?? null;
  const [dismissed, setDismissed] = useState<number | null>(null);
  const notice =
    finished !== null && finished !== dismissed ? stageDoneNotice(page.stages, finished, complete, current) : null;

  // The customer comments on their goals and on their current steps alike.
  const commentsOn = (subject: CommentsProps["subject"], comments: CommentView[], headingLevel?: 3 | 4) => (
    <Comments
      subject={subject}
      comments={comments}
      timezone={page.account.timezone}
      reader="customer"
      canComment
      mentionable={page.mentionable}
      headingLevel={headingLevel}
    />
  );

  return (
    <AppShell user={viewer}>
      {notice ? (
        <StageDonePanel
          notice={notice}
          onDismiss={() => {
            setDismissed(finished);
            document.getElementById("journey-heading")?.focus();
          }}
        />
      ) : null}
      <JourneySummary view={page} heading={page.account.name} stageNotice={notice} />

      {page.goals.length > 0 ? (
        <section aria-labelledby="goals-heading" className="mt-4">
          <h2 id="goals-heading" className="text-lg font-semibold">
            Your goals
          </h2>
          {/* One line each, opened for the measure and result, so the current stage stays near the top. */}
          <ul className="mt-2 grid gap-2 md:grid-cols-2">
            {page.goals.map((g) => (
              <GoalLine key={g.id} goal={g} timezone={page.account.timezone}>
                {commentsOn({ kind: "goal", id: g.id, title: g.title }, g.comments, 3)}
              </GoalLine>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="next-steps" className="mt-6 rounded-xl border border-brand-100 bg-brand-50 p-5">
        <h2 id="next-steps" className="text-lg font-semibold">
          Your next steps
        </h2>
        {page.next.length === 0 ? (
          <p className="mt-2 text-sm text-slate-700">Nothing is waiting on your team right now.</p>
        ) : (
          <ol className="mt-3 space-y-2">
            {page.next.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center gap-2 text-sm">
                {shown.has(m.stagePosition) ? (
                  <a href={`#milestone-${m.id}`} className="font-medium text-brand-700 underline">
                    {m.title}
                  </a>
                ) : (
                  // In a stage shown as one line: the link opens it.
                  <Link
                    to={`/journey?stage=${m.stagePosition}#milestone-${m.id}`}
                    className="font-medium text-brand-700 underline"
                  >
                    {m.title}
                  </Link>
                )}
                <span className="text-slate-600">
                  due <DueOn dueOn={m.dueOn} />
                </span>
                <DueBadge state={m.dueState} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <ContactCsm csmName={page.account.csmName} {...brand.contact} />

      {order.map((stage) =>
        inFull(stage) ? (
          <StageSection key={stage.id} stage={stage} className="mt-8 scroll-mt-4" withDescription>
            {stage.milestones?.map((m) => {
              const Step = seenOpen(m) ? MilestoneItem : MilestoneLine;
              return (
                <Step
                  key={m.id}
                  milestone={m}
                  timezone={page.account.timezone}
                  canToggle={m.ownerSide === "customer" && m.status !== "not_applicable"}
                  readOnlyReason="Our team does this step"
                >
                  {Step === MilestoneItem && m.comments
                    ? commentsOn({ kind: "milestone", id: m.id, title: m.title }, m.comments)
                    : null}
                </Step>
              );
            })}
          </StageSection>
        ) : (
          <StageSummary key={stage.id} stage={stage} open={isOpened(stage)} className="mt-4 scroll-mt-4">
            {isOpened(stage)
              ? stage.milestones?.map((m) => (
                  <MilestoneLine
                    key={m.id}
                    milestone={m}
                    timezone={page.account.timezone}
                    canToggle={m.ownerSide === "customer" && m.status !== "not_applicable"}
                    readOnlyReason="Our team does this step"
                  />
                ))
              : null}
          </StageSummary>
        ),
      )}

      {/* After the stages: the current stage leads the page (issue 12 section 1). */}
      <PulsePrompt questions={pulse} vendorName={brand.vendorName} answer={answered as PulseAnswer | undefined} />
    </AppShell>
  );
}
