// Signed tokens that stand in for a session in links from emails: one-click
// unsubscribe, and "mark as done" (which expires). HMAC-SHA256, base64url.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

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

/** A survey link from a stage email: who answers about which finished stage, until when. */
export interface PulseClaims {
  p: "pulse";
  /** User: the contact the link answers as. */
  u: string;
  /** Stage: the journey stage asked about. */
  s: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

export type LinkClaims = UnsubscribeClaims | DoneClaims | PulseClaims;

export const DONE_LINK_DAYS = 7;

/** As long as a finished stage is asked about (STAGE_QUESTION_DAYS). */
export const PULSE_LINK_DAYS = 30;

function mac(secret: Buffer, body: string): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

export function signLink(secret: Buffer, claims: LinkClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${mac(secret, body).toString("base64url")}`;
}

// A validly signed link still carries ids from outside: every claim is checked
// here, so a link whose ids are not UUIDs is refused before any query sees it.
const claimsSchema = z.discriminatedUnion("p", [
  z.object({ p: z.literal("unsubscribe"), u: z.guid(), c: z.enum(["nudges", "lifecycle"]) }),
  z.object({ p: z.literal("done"), u: z.guid(), m: z.guid(), exp: z.number() }),
  z.object({ p: z.literal("pulse"), u: z.guid(), s: z.guid(), exp: z.number() }),
]);

/** Why a link cannot be used: it never was one of ours (or was cut short), or it ran out. */
export type LinkProblem = "invalid" | "expired";

/** The claims of a link, or why it cannot be used. */
export function checkLink(
  secret: Buffer,
  token: string | null | undefined,
  now: Date,
): { claims: LinkClaims } | { problem: LinkProblem } {
  const invalid = { problem: "invalid" as const };
  if (!token || token.length > 1000) return invalid;
  const [body, sig, extra] = token.split(".");
  if (!body || !sig || extra !== undefined) return invalid;
  const given = Buffer.from(sig, "base64url");
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return invalid;
  }
  const parsed = claimsSchema.safeParse(json);
  if (!parsed.success) return invalid;
  const claims: LinkClaims = parsed.data;
  if ((claims.p === "done" || claims.p === "pulse") && claims.exp * 1000 <= now.getTime())
    return { problem: "expired" };
  return { claims };
}

/** The claims, or null when the token is malformed, tampered with, carries bad ids or expired. */
export function verifyLink(secret: Buffer, token: string | null | undefined, now: Date): LinkClaims | null {
  const checked = checkLink(secret, token, now);
  return "claims" in checked ? checked.claims : null;
}
