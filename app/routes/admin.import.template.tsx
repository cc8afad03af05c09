// The CSV template admins fill in: the columns in order, with sample rows.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { IMPORT_TEMPLATE } from "~/modules/import/import-columns";
import { requireAdmin } from "~/server/viewer.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  // A BOM, so Excel opens the UTF-8 file with its accents intact.
  return new Response(`\uFEFF${IMPORT_TEMPLATE}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="waypoint-accounts-template.csv"',
      "Cache-Control": "no-store",
    },
  });
}
