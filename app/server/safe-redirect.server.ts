// Where a person goes after signing in: their home page, or the page they
// asked for when it stays on this site.

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
