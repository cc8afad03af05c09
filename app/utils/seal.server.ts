// Encrypts a short secret (a one-time token) for the time it waits in the
// outbox: AES-256-GCM under a key derived from the link-signing secret.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

function sealKey(secret: Buffer): Buffer {
  return createHash("sha256").update("waypoint:outbox-seal:").update(secret).digest();
}

export function seal(secret: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(secret), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

/** Throws when the sealed text was tampered with or sealed under another secret. */
export function unseal(secret: Buffer, sealed: string): string {
  const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", sealKey(secret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}
