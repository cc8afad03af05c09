import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { getViewer, homeFor } from "~/modules/auth/viewer.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  throw redirect(viewer ? homeFor(viewer) : "/login");
}
