// Single-use tokens for sign-in links and invitations: 256 random bits, only
// their SHA-256 stored; the raw token travels in the email, sealed in the outbox.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

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

// The outbox must hold the token until the email is rendered; it holds it
// encrypted (AES-256-GCM) under a key derived from the link-signing secret.
function sealKey(secret: Buffer): Buffer {
  return createHash("sha256").update("waypoint:outbox-seal:").update(secret).digest();
}

export function seal(secret: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(secret), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

export function unseal(secret: Buffer, sealed: string): string {
  const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", sealKey(secret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}
