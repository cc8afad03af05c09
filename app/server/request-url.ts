// The URL a request is routed on, built once from the Host header (or a trusted
// X-Forwarded-Host) and the request target, so every check and Remix agree.

/**
 * A DNS name or IPv4 address, or a bracketed IPv6 address, then an optional
 * port. Underscores pass: container names (`waypoint_web`) use them.
 */
const AUTHORITY =
  /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The request's URL, or null when the Host is not host[:port] or the target is
 * not a path: a Host like `127.0.0.1/journey?` would otherwise move the path
 * Remix routes on away from the one the same-origin check saw.
 */
export function requestUrl(req: {
  protocol: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  trustProxy: boolean;
}): URL | null {
  // A proxy may append to X-Forwarded-Host; the first entry is the client's.
  const forwarded = req.trustProxy ? one(req.headers["x-forwarded-host"])?.split(",")[0]?.trim() : undefined;
  const authority = forwarded || one(req.headers.host);
  if (!authority || !AUTHORITY.test(authority)) return null;
  if (!req.originalUrl.startsWith("/")) return null;
  try {
    return new URL(`${req.protocol}://${authority}${req.originalUrl}`);
  } catch {
    return null;
  }
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
