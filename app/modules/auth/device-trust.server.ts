// OWASP's "device cookies": a browser where a person signed in gets a token
// bound to that person and signed with the app's signing secret. Sign-in
// attempts from it are limited on the token, not on the address, so someone
// guessing at the address from elsewhere cannot lock its owner out.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { getSigningSecret } from "~/utils/signing-secret.server";

/** How long a browser stays trusted without signing in again. */
export const DEVICE_TRUST_DAYS = 180;
const DAY = 86_400_000;

function mac(secret: Buffer, body: string): Buffer {
  // A label of its own, so this MAC can never be mistaken for another signed thing.
  return createHmac("sha256", secret).update(`waypoint:device:v1:${body}`).digest();
}

/** A fresh device token for the person who just signed in on this browser. */
export async function issueDeviceToken(db: DB, userId: string, now: Date): Promise<string> {
  const body = `${userId}.${now.getTime().toString(36)}.${randomBytes(16).toString("base64url")}`;
  return `${body}.${mac(await getSigningSecret(db), body).toString("base64url")}`;
}

/**
 * The device's id (its nonce) when the token is genuine, belongs to `user`,
 * was issued after they last joined (a removed person invited again starts
 * untrusted) and within DEVICE_TRUST_DAYS; otherwise null.
 */
export async function trustedDeviceId(
  db: DB,
  token: string | null | undefined,
  user: { id: string; joinedAt: Date | null },
  now: Date,
): Promise<string | null> {
  if (!token || token.length > 200 || !user.joinedAt) return null;
  const parts = token.split(".");
  if (parts.length !== 4) return null;
  const [userId, issued36, nonce, sig] = parts;
  if (!isUuid(userId) || userId !== user.id || !/^[0-9a-z]{1,12}$/.test(issued36) || !/^[\w-]{22}$/.test(nonce)) {
    return null;
  }
  const expected = mac(await getSigningSecret(db), `${userId}.${issued36}.${nonce}`);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const issued = Number.parseInt(issued36, 36);
  if (issued < user.joinedAt.getTime() || issued > now.getTime() + 60_000) return null;
  if (now.getTime() - issued > DEVICE_TRUST_DAYS * DAY) return null;
  return nonce;
}
