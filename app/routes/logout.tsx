import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { invalidateSession } from "~/modules/auth/session.server";
import { clearedSessionCookie } from "~/server/session-cookie.server";
import { getViewer } from "~/server/viewer.server";
import { getDb } from "~/utils/db.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) await invalidateSession(getDb(), viewer.sessionId);
  throw redirect("/login", { headers: { "Set-Cookie": clearedSessionCookie(request) } });
}
