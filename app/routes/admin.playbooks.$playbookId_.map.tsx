// The journey map of a playbook (issue 11 §6): every staff member reads it, on
// screen, on a phone or on paper. The latest published version by default,
// `?version=N` for another, `?draft=1` for the draft; customers find nothing.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { JourneyMapView } from "~/components/playbooks/journey-map";
import { PlaybookStateNav } from "~/components/playbooks/playbook-state-nav";
import { readJourneyMap } from "~/modules/playbook-studio/read-journey-map.server";
import { playbookChoiceQuery } from "~/server/playbook-query.server";
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
  const choice = parseQuery(request, playbookChoiceQuery);
  try {
    const view = await readJourneyMap(getDb(), getEnv(), params.playbookId ?? "", choice);
    return { viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone }, view };
  } catch (e) {
    if (e instanceof NotFoundError) throw new Response(e.message, { status: 404 });
    throw e;
  }
}

export default function JourneyMapPage() {
  const { viewer, view } = useLoaderData<typeof loader>();
  const base = `/admin/playbooks/${view.playbookId}`;
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
          <PlaybookStateNav base={`${base}/map`} versions={view.versions} shown={view.shown} />
          <div className="flex flex-wrap gap-3 text-sm">
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
        <JourneyMapView map={view.map} />
      </div>
    </AppShell>
  );
}
