// The session cookie: reading the token from a request, and the Set-Cookie
// values that start and end a session in the browser.
export const SESSION_COOKIE = "wp_session";

/** The value of one cookie sent with the request, or null. */
export function readCookie(request: Request, name: string): string | null {
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

// The trusted-device cookie (ADR 014): signed and bound to one person, it
// outlives sign-out on purpose, since it says "this browser signed in before".
export const DEVICE_COOKIE = "wp_device";
const DEVICE_MAX_AGE_S = 180 * 24 * 60 * 60;

export function deviceCookie(request: Request, token: string): string {
  const secure = isHttps(request) ? "; Secure" : "";
  return `${DEVICE_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${DEVICE_MAX_AGE_S}${secure}`;
}

/** The Set-Cookie headers that sign a person in on this browser and trust it from now on. */
export function signedInCookies(request: Request, session: string, device: string): Headers {
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(request, session));
  headers.append("Set-Cookie", deviceCookie(request, device));
  return headers;
}
