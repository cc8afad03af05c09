// The insights' definitions (issue 13 §4): docs/metrics.md itself, as built into this release, for
// staff (customers get the 404 that /insights gives them). Each insights panel links to its heading.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { BackLink } from "~/components/back-link";
import { pageTitle } from "~/components/brand";
import { metricsDefinitions } from "~/modules/insights/metrics-definitions.server";
import { requireStaff } from "~/server/viewer.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Insights definitions") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  return { viewer: { name: viewer.name, role: viewer.role }, html: metricsDefinitions.html };
}

/**
 * The rendered doc's look, set on its elements from outside (the HTML comes from Markdown). Long
 * formulas wrap; a table scrolls inside its own named, focusable region.
 */
const DOC = [
  "max-w-3xl break-words text-slate-800",
  "[&_h1]:text-2xl [&_h1]:font-bold [&_h1]:tracking-tight",
  "[&_h2]:mt-10 [&_h2]:text-xl [&_h2]:font-semibold [&_h3]:mt-6 [&_h3]:text-lg [&_h3]:font-semibold",
  "[&_:is(h1,h2,h3)]:scroll-mt-4 [&_:is(h2,h3):target]:bg-amber-50",
  "[&_p]:mt-3 [&_ul]:mt-3 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:mt-3 [&_ol]:list-decimal [&_ol]:pl-5 [&_li]:mt-1",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:text-[0.9em]",
  "[&_a]:text-brand-700 [&_a]:underline",
  "[&_.doc-table]:mt-3 [&_.doc-table]:overflow-x-auto [&_.doc-table]:rounded-lg [&_.doc-table]:border",
  "[&_.doc-table]:border-slate-200 [&_.doc-table]:bg-white [&_.doc-table:focus]:outline-none",
  "[&_.doc-table:focus-visible]:ring-2 [&_.doc-table:focus-visible]:ring-brand-600",
  "[&_table]:min-w-full [&_table]:text-sm [&_thead]:bg-slate-50 [&_tbody_tr]:border-t [&_tbody_tr]:border-slate-100",
  "[&_th]:whitespace-nowrap [&_th]:px-3 [&_th]:py-2 [&_th]:text-left [&_th]:font-semibold",
  "[&_td]:px-3 [&_td]:py-2 [&_td]:align-top",
].join(" ");

export default function InsightsDefinitions() {
  const { viewer, html } = useLoaderData<typeof loader>();
  return (
    <AppShell user={viewer}>
      <BackLink to="/insights">Insights</BackLink>
      {/* Rendered on the server from our own doc, with any raw HTML in it escaped (metrics-doc.ts). */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the doc is rendered by renderMetricsDoc, which escapes raw HTML and unsafe links */}
      <article className={DOC} dangerouslySetInnerHTML={{ __html: html }} />
    </AppShell>
  );
}
