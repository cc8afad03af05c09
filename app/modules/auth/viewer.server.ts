// Who is asking: reads the session cookie, and the guards routes call first.
// Anonymous visitors go to the sign-in page; a wrong role gets a 404.
import { redirect } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { type SessionUser, validateSessionToken } from "./session.server";

export const SESSION_COOKIE = "wp_session";

export type Viewer = SessionUser & { sessionId: string };

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

// The server enforces the 14-day idle expiry, sliding it as the session is
// used; the cookie only has to outlive it (400 days is the browsers' cap).
const COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;

export function sessionCookie(request: Request, token: string): string {
  const secure = isHttps(request) ? "; Secure" : "";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${COOKIE_MAX_AGE_S}${secure}`;
}

export function clearedSessionCookie(request: Request): string {
  const secure = isHttps(request) ? "; Secure" : "";
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

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

export function homeFor(viewer: { role: string }): string {
  return viewer.role === "customer" ? "/journey" : "/csm";
}

/** Only same-site relative paths are followed after sign-in. */
export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  // Resolve it the way a browser would (tabs and newlines dropped, backslashes
  // read as slashes) and keep it only if it stays on this site.
  const base = "http://waypoint.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return url.pathname + url.search + url.hash;
}
