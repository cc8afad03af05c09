// Signed tokens that stand in for a session in links from emails: one-click
// unsubscribe, and "mark as done" (which expires). HMAC-SHA256, base64url.
import { createHmac, timingSafeEqual } from "node:crypto";

// The claims keep one-letter keys because they travel inside every link of
// every email sent; links already in inboxes must keep verifying.

/** An unsubscribe link: whose preferences, and which kind of email to stop. */
export interface UnsubscribeClaims {
  /** Purpose: what the link may do. */
  p: "unsubscribe";
  /** User: the recipient the link acts as. */
  u: string;
  /** Category: the kind of email to stop. */
  c: "nudges" | "lifecycle";
}

/** A "mark as done" link: who completes which milestone, until when. */
export interface DoneClaims {
  /** Purpose: what the link may do. */
  p: "done";
  /** User: the recipient the link acts as. */
  u: string;
  /** Milestone: the one the link completes. */
  m: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

export type LinkClaims = UnsubscribeClaims | DoneClaims;

export const DONE_LINK_DAYS = 7;

function mac(secret: Buffer, body: string): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

export function signLink(secret: Buffer, claims: LinkClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${mac(secret, body).toString("base64url")}`;
}

/** The claims, or null when the token is malformed, tampered with or expired. */
export function verifyLink(secret: Buffer, token: string | null | undefined, now: Date): LinkClaims | null {
  if (!token || token.length > 1000) return null;
  const [body, sig, extra] = token.split(".");
  if (!body || !sig || extra !== undefined) return null;
  const given = Buffer.from(sig, "base64url");
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (claims?.p === "done") {
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= now.getTime()) return null;
    return claims;
  }
  if (claims?.p === "unsubscribe" && (claims.c === "nudges" || claims.c === "lifecycle")) return claims;
  return null;
}
