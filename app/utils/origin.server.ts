// CSRF defence: a state-changing request must come from this site, shown by
// its Origin header or, failing that, by Sec-Fetch-Site. Otherwise 403.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Paths called by other sites by design (webhooks, one-click unsubscribe). */
export const ORIGIN_CHECK_EXEMPT: RegExp[] = [
  // Resend posts delivery events; the signature is the check.
  /^\/webhooks\/resend\/?$/,
  // RFC 8058 one-click unsubscribe: the mail client posts, the signed token is the check.
  /^\/email\/unsubscribe\/?$/,
];

/** Whether `path` (the one Remix routes on) takes cross-site posts by design. */
export function isOriginCheckExempt(path: string): boolean {
  return ORIGIN_CHECK_EXEMPT.some((re) => re.test(path));
}

export function isSameOriginRequest(input: {
  method: string;
  path: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  expectedOrigins: string[];
}): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return true;
  if (isOriginCheckExempt(input.path)) return true;
  if (input.origin && input.origin !== "null") {
    return input.expectedOrigins.includes(input.origin.toLowerCase());
  }
  return input.secFetchSite === "same-origin" || input.secFetchSite === "none";
}
