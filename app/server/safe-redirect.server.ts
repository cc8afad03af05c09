// Where a person goes after signing in: their home page, or the page they
// asked for when it stays on this site.

export function homeFor(viewer: { role: string }): string {
  return viewer.role === "customer" ? "/journey" : "/csm";
}

const BASE = "http://waypoint.invalid";
// Browsers read "//host" and "/\host" as another host; so may a proxy or a
// later decode, which is why every decoded form is checked, not just the first.
const OTHER_HOST = /^[/\\]{2}/;
// Tabs, newlines and other controls are dropped by browsers inside a URL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what we strip
const CONTROLS = /[\u0000-\u001f\u007f]/g;
const MAX_DECODES = 4;

/** Only same-site relative paths are followed after sign-in. */
export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  // Resolve it the way a browser would (tabs and newlines dropped, backslashes
  // read as slashes, dot segments removed) and keep it only if it stays on this site.
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || leavesSite(url.pathname)) return fallback;
  return url.pathname + url.search + url.hash;
}

/**
 * True when the path, or any percent-decoding of it (double encoding included),
 * resolves to something a browser would read as another host. A path still
 * encoded after a few rounds, or not decodable at all, is not one a person
 * typed, so it counts as leaving too.
 */
function leavesSite(pathname: string): boolean {
  let path = pathname;
  for (let round = 0; round <= MAX_DECODES; round++) {
    const bare = path.replace(CONTROLS, "");
    if (OTHER_HOST.test(bare)) return true;
    let resolved: URL;
    try {
      resolved = new URL(bare, BASE);
    } catch {
      return true;
    }
    if (resolved.origin !== BASE || OTHER_HOST.test(resolved.pathname)) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return true;
    }
    if (decoded === path) return false;
    path = decoded;
  }
  return true;
}
