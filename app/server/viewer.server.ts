// Who is asking: the session behind the request's cookie, and the guards routes call first.
// Anonymous visitors go to the sign-in page; a wrong role gets a 404.
import { redirect } from "@remix-run/node";
import { type SessionUser, validateSessionToken } from "~/modules/auth/session.server";
import { getDb } from "~/utils/db.server";
import { readCookie, SESSION_COOKIE } from "./session-cookie.server";

export type Viewer = SessionUser & { sessionId: string };

export async function getViewer(request: Request, now = new Date()): Promise<Viewer | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return null;
  const session = await validateSessionToken(getDb(), token, now);
  return session ? { ...session.user, sessionId: session.sessionId } : null;
}

function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

export async function requireViewer(request: Request): Promise<Viewer> {
  const viewer = await getViewer(request);
  if (!viewer) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return viewer;
}

export async function requireStaff(request: Request): Promise<Viewer> {
  const viewer = await requireViewer(request);
  if (viewer.role === "customer") throw notFound();
  return viewer;
}

/**
 * Staff who may change things (admins and CSMs), for pages that exist only to
 * change something (a "new account" form): a read-only viewer gets the same 404
 * as a customer. Pages a viewer may read use requireStaff, and their commands
 * refuse a viewer with a 403 (assertMayChange in app/modules/accounts/access.server).
 */
export async function requireEditor(request: Request): Promise<Viewer> {
  const viewer = await requireStaff(request);
  if (viewer.role === "viewer") throw notFound();
  return viewer;
}

/** Admins only; anyone else gets the same 404 as for a page that does not exist. */
export async function requireAdmin(request: Request): Promise<Viewer> {
  const viewer = await requireViewer(request);
  if (viewer.role !== "admin") throw notFound();
  return viewer;
}

export async function requireCustomer(request: Request): Promise<Viewer> {
  const viewer = await requireViewer(request);
  if (viewer.role !== "customer") throw redirect("/csm");
  return viewer;
}
