import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { ContactCsm } from "~/components/contact-csm";
import { JourneySummary } from "~/components/journey/journey-summary";
import { MilestoneItem } from "~/components/journey/milestone-item";
import { StageSection } from "~/components/journey/stage-section";
import { Badge } from "~/components/ui/badge";
import { getJourney, nextSteps } from "~/modules/journeys/get-journey.server";
import { getWorkspace } from "~/modules/workspace/workspace-settings.server";
import { answerMilestoneForm } from "~/server/milestone-form.server";
import { requireCustomer } from "~/server/viewer.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.view.account.name} journey · Waypoint` : "Your journey · Waypoint" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireCustomer(request);
  const view = await getJourney(getDb(), viewer, viewer.accountId!, new Date());
  if (!view) throw new Response("Your account has no journey yet.", { status: 404 });
  const { supportEmail, meetingUrl } = await getWorkspace(getDb(), getEnv());
  return {
    viewer: { id: viewer.id, name: viewer.name, role: viewer.role },
    view,
    next: nextSteps(view, "customer"),
    contact: { supportEmail, meetingUrl },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireCustomer(request);
  return answerMilestoneForm(request, viewer, ["complete", "reopen"]);
}

export default function JourneyPage() {
  const { viewer, view, next, contact } = useLoaderData<typeof loader>();
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
                {m.dueState === "overdue" && <Badge tone="red">Overdue</Badge>}
                {m.dueState === "due-soon" && <Badge tone="amber">Due soon</Badge>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <ContactCsm csmName={view.account.csmName} {...contact} />

      {view.stages.map((stage) => (
        <StageSection key={stage.id} stage={stage} className="mt-8 scroll-mt-4" withDescription>
          {stage.milestones.map((m) => (
            <MilestoneItem
              key={m.id}
              milestone={m}
              timezone={view.account.timezone}
              canToggle={m.ownerSide === "customer"}
              readOnlyReason="Our team owns this step"
            />
          ))}
        </StageSection>
      ))}
    </AppShell>
  );
}
