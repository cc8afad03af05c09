import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { AppShell } from "~/components/app-shell";
import { pageTitle, useBrand } from "~/components/brand";
import { ContactCsm } from "~/components/contact-csm";
import { DueBadge } from "~/components/journey/due-badge";
import { JourneySummary } from "~/components/journey/journey-summary";
import { MilestoneItem } from "~/components/journey/milestone-item";
import { MilestoneLine } from "~/components/journey/milestone-line";
import { FoldedStage, StageSection } from "~/components/journey/stage-section";
import { getJourney, nextSteps, withFinishedStagesBrief } from "~/modules/journeys/get-journey.server";
import { answerMilestoneForm } from "~/server/milestone-form.server";
import { requireCustomer } from "~/server/viewer.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? `${data.view.account.name} journey` : "Your journey") },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireCustomer(request);
  const view = await getJourney(getDb(), viewer, viewer.accountId!, new Date());
  if (!view) throw new Response("Your account has no journey yet.", { status: 404 });
  return {
    viewer: { id: viewer.id, name: viewer.name, role: viewer.role },
    // Finished stages show as lines: what only a full card shows is not sent for them.
    view: withFinishedStagesBrief(view),
    next: nextSteps(view, "customer"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireCustomer(request);
  return answerMilestoneForm(request, viewer, ["complete", "reopen"]);
}

export default function JourneyPage() {
  const { viewer, view, next } = useLoaderData<typeof loader>();
  // The contact details come with the brand the root loader gives every page.
  const brand = useBrand();
  // The stage that was current when the page opened leads, in full, with any stage after it that
  // the visit reaches; a stage finished while here stays open, so the step just done keeps its
  // place and focus. Later stages and those finished before fold to one line each.
  const [from] = useState(view.currentStage.position);
  const order = [...view.stages.filter((s) => s.position >= from), ...view.stages.filter((s) => s.position < from)];
  return (
    <AppShell user={viewer}>
      <JourneySummary view={view} heading={view.account.name} />

      <section aria-labelledby="next-steps" className="mt-6 rounded-xl border border-brand-100 bg-brand-50 p-5">
        <h2 id="next-steps" className="text-lg font-semibold">
          Your next steps
        </h2>
        {next.length === 0 ? (
          <p className="mt-2 text-sm text-slate-700">Nothing is waiting on your team right now.</p>
        ) : (
          <ol className="mt-3 space-y-2">
            {next.slice(0, 5).map((m) => (
              <li key={m.id} className="flex flex-wrap items-center gap-2 text-sm">
                <a href={`#milestone-${m.id}`} className="font-medium text-brand-700 underline">
                  {m.title}
                </a>
                <span className="text-slate-600">due {formatDate(m.dueOn)}</span>
                <DueBadge state={m.dueState} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <ContactCsm csmName={view.account.csmName} {...brand.contact} />

      {order.map((stage) =>
        stage.position >= from && stage.state !== "upcoming" ? (
          <StageSection key={stage.id} stage={stage} className="mt-8 scroll-mt-4" withDescription>
            {stage.milestones.map((m) => (
              <MilestoneItem
                key={m.id}
                milestone={m}
                timezone={view.account.timezone}
                canToggle={m.ownerSide === "customer" && m.status !== "not_applicable"}
                readOnlyReason="Our team does this step"
              />
            ))}
          </StageSection>
        ) : (
          <FoldedStage key={stage.id} stage={stage} className="mt-4 scroll-mt-4">
            {stage.milestones.map((m) => (
              <MilestoneLine
                key={m.id}
                milestone={m}
                timezone={view.account.timezone}
                canToggle={m.ownerSide === "customer" && m.status !== "not_applicable"}
                readOnlyReason="Our team does this step"
              />
            ))}
          </FoldedStage>
        ),
      )}
    </AppShell>
  );
}
