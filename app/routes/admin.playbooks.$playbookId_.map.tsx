// The journey map of a playbook (issue 11 §6): every staff member reads it, on
// screen, on a phone or on paper. The latest published version by default,
// `?version=N` for another, `?draft=1` for the draft; customers find nothing.
// Over a published version it lays the live figures of its journeys (ADR 043), scoped as
// on /insights: admins and viewers every account, a CSM their own; `?figures=0` hides them.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { JourneyMapView, type LiveFigures } from "~/components/playbooks/journey-map";
import { PlaybookStateNav } from "~/components/playbooks/playbook-state-nav";
import { seesAllAccounts } from "~/modules/accounts/access.server";
import { getMapFigures } from "~/modules/insights/get-map-figures.server";
import { readJourneyMap } from "~/modules/playbook-studio/read-journey-map.server";
import { journeyMapQuery } from "~/server/playbook-query.server";
import { parseQuery } from "~/server/query.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { NotFoundError } from "~/utils/errors.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? `Journey map · ${data.view.name}` : "Journey map") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  const { choice, figures: wantsFigures } = parseQuery(request, journeyMapQuery);
  const db = getDb();
  try {
    const view = await readJourneyMap(db, getEnv(), params.playbookId ?? "", choice);
    let figures: LiveFigures | null = null;
    if (wantsFigures && view.shown.kind === "version") {
      const filter = { playbookId: view.playbookId, versionId: view.shown.versionId };
      figures = {
        ...(await getMapFigures(db, viewer, filter, new Date())),
        versionNumber: view.shown.number,
        insightsHref: `/insights?${new URLSearchParams(filter)}`,
      };
    }
    return {
      viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone },
      seesAll: seesAllAccounts(viewer),
      view,
      figures,
    };
  } catch (e) {
    if (e instanceof NotFoundError) throw new Response(e.message, { status: 404 });
    throw e;
  }
}

export default function JourneyMapPage() {
  const { viewer, seesAll, view, figures } = useLoaderData<typeof loader>();
  const base = `/admin/playbooks/${view.playbookId}`;
  const shownVersion = view.shown.kind === "version" ? view.shown.number : null;
  return (
    <AppShell user={viewer}>
      <div className="journey-map-page">
        <p className="journey-map-no-print mb-3 text-sm">
          <Link to="/admin/playbooks" className="text-brand-700 underline">
            ← Playbooks
          </Link>
        </p>
        <h1 className="text-2xl font-bold tracking-tight">Journey map: {view.name}</h1>
        <p className="mt-1 text-sm text-slate-700" data-testid="map-state">
          {view.shown.kind === "version"
            ? `Version ${view.shown.number}, published ${formatDateTime(view.shown.publishedAt, viewer.timezone)}: ${view.shown.note}`
            : "The draft: what the next version will hold. It is not live; journeys run published versions."}
        </p>
        {view.draftProblem ? (
          <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
            The draft cannot be published yet: {view.draftProblem}
          </p>
        ) : null}
        <div className="journey-map-no-print mt-3 flex flex-wrap items-center gap-x-6 gap-y-2">
          <PlaybookStateNav
            base={`${base}/map`}
            versions={view.versions}
            shown={view.shown}
            keep={shownVersion !== null && !figures ? "figures=0" : undefined}
          />
          <div className="flex flex-wrap gap-3 text-sm">
            {shownVersion !== null ? (
              <Link
                to={`${base}/map?version=${shownVersion}&figures=${figures ? "0" : "1"}`}
                className="text-brand-700 underline"
                data-testid="figures-toggle"
              >
                {figures ? "Hide live figures" : "Show live figures"}
              </Link>
            ) : null}
            <Link to={`${base}/emails`} className="text-brand-700 underline">
              Stage emails
            </Link>
            <button
              type="button"
              onClick={() => window.print()}
              className="rounded-md border border-slate-300 px-3 py-1 text-slate-700 hover:bg-slate-100"
            >
              Print the map
            </button>
          </div>
        </div>
        <p role="status" className="mt-3 text-sm text-slate-700" data-testid="figures-state">
          {figures
            ? `Live figures over each stage: the journeys on version ${figures.versionNumber} ${
                seesAll ? "of every account" : "of your accounts only"
              }, counted as on Insights today.`
            : shownVersion !== null
              ? "Live figures are hidden."
              : "The draft has no live figures: no journey runs it yet."}
        </p>
        <JourneyMapView map={view.map} figures={figures} />
      </div>
    </AppShell>
  );
}
