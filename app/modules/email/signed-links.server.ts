// Signed tokens that stand in for a session in links from emails: one-click
// unsubscribe, and "mark as done" (which expires). HMAC-SHA256, base64url.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { DB } from "~/utils/db.server";

export type LinkClaims =
  | { p: "unsubscribe"; u: string; c: "nudges" | "lifecycle" }
  | { p: "done"; u: string; m: string; exp: number };

let cached: { db: DB; secret: Buffer } | null = null;

/** The secret migration 002 generated, read once per database handle. */
export async function getSigningSecret(db: DB): Promise<Buffer> {
  if (cached?.db === db) return cached.secret;
  const row = await db
    .selectFrom("app_secrets")
    .select("value")
    .where("name", "=", "link_signing")
    .executeTakeFirstOrThrow();
  cached = { db, secret: Buffer.from(row.value, "base64url") };
  return cached.secret;
}

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

export const DONE_LINK_DAYS = 7;
