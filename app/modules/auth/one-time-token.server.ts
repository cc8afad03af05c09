// Single-use tokens for sign-in links and invitations: 256 random bits, only
// their SHA-256 stored; the raw token travels in the email, sealed in the outbox
// (app/utils/seal.server.ts).
import { createHash, randomBytes } from "node:crypto";

export function newOneTimeToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashOneTimeToken(token) };
}

export function hashOneTimeToken(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

/** A plausible token: the right length and alphabet, so junk never reaches the database. */
export function looksLikeToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
