// One insights table as CSV (issue 13): the same rows as the page, for the same filter and the
// same person (a CSM still only their accounts). Cells are quoted and made formula-safe.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getInsights } from "~/modules/insights/get-insights.server";
import { INSIGHTS_PANELS, insightsTables, tableToCsv } from "~/modules/insights/insights-tables";
import { BadInsightsQuery, parseInsightsQuery, textBadRequest } from "~/server/insights-request.server";
import { requireStaff } from "~/server/viewer.server";
import { getDb } from "~/utils/db.server";
import { InputError } from "~/utils/errors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  const panel = new URL(request.url).searchParams.get("panel") ?? "";
  if (!(INSIGHTS_PANELS as readonly string[]).includes(panel)) {
    return textBadRequest(`Choose a table to export: panel is one of ${INSIGHTS_PANELS.join(", ")}.`);
  }
  let insights: Awaited<ReturnType<typeof getInsights>>;
  try {
    const { filter } = parseInsightsQuery(request);
    insights = await getInsights(getDb(), viewer, filter, new Date());
  } catch (e) {
    if (e instanceof BadInsightsQuery || e instanceof InputError) return textBadRequest(e.message);
    throw e;
  }
  const table = insightsTables(insights).find((t) => t.panel === panel)!;
  // A BOM, so Excel opens the UTF-8 file with its accents intact.
  return new Response(`\uFEFF${tableToCsv(table)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="waypoint-insights-${panel}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
