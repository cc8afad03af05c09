import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { homeFor } from "~/server/safe-redirect.server";
import { getViewer } from "~/server/viewer.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  throw redirect(viewer ? homeFor(viewer) : "/login");
}
