// "Email me a sign-in link": the same answer, in about the same time, whether
// or not the address has an account. At most 5 fresh links an hour per address
// (per browser for a trusted device), and 30 per network. Past the address's
// limit the request is not refused (ADR 014): a new link goes out only when
// none sent earlier still works, so the owner always has a working link while
// nobody can flood their inbox.
import { sql } from "kysely";
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import { queueEmails } from "~/modules/email/queue-emails.server";
import type { DB } from "~/utils/db.server";
import { seal } from "~/utils/seal.server";
import { getSigningSecret } from "~/utils/signing-secret.server";
import { trustedDeviceId } from "./device-trust.server";
import { limitKindOf } from "./limit-messages";
import { newOneTimeToken } from "./one-time-token.server";
import { type Limit, takeAttemptIn } from "./throttle.server";

export const SIGN_IN_LINK_MINUTES = 15;
export const LINKS_PER_HOUR = 5;
const LINKS_PER_HOUR_PER_IP = 30;
const HOUR = 3_600_000;

/** Only the network's limit refuses; the address's never does (ADR 014). */
export type LinkRequestResult = { ok: true } | { ok: false; retryAt: Date; limit: "network" };

export async function requestSignInLink(
  db: DB,
  input: { email: string; ip: string | null; deviceToken?: string | null },
  now: Date,
): Promise<LinkRequestResult> {
  const email = input.email.trim().toLowerCase();
  const secret = await getSigningSecret(db);
  const findUser = (q: DB) =>
    q
      .selectFrom("users")
      .select(["id", "email", "account_id", "joined_at"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
      .where("deactivated_at", "is", null)
      .executeTakeFirst();
  const known = await findUser(db);
  const device = known
    ? await trustedDeviceId(db, input.deviceToken, { id: known.id, joinedAt: known.joined_at }, now)
    : null;
  // Counted per address typed, known or not, so the limit itself reveals nothing;
  // a trusted browser counts on its own key, so others' requests never hold it back.
  const own: Limit = device
    ? { key: `link-device:${device}`, max: LINKS_PER_HOUR, windowMs: HOUR }
    : { key: `link:${email}`, max: LINKS_PER_HOUR, windowMs: HOUR };
  const network: Limit[] =
    input.ip && !device ? [{ key: `link-ip:${input.ip}`, max: LINKS_PER_HOUR_PER_IP, windowMs: HOUR }] : [];

  return db.transaction().execute(async (trx): Promise<LinkRequestResult> => {
    // One request per address at a time, so "does a working link exist?" and
    // sending one cannot race (taken first, before any limit's lock).
    await sql`select pg_advisory_xact_lock(hashtextextended(${`link-send:${email}`}, 0))`.execute(trx);
    let capped = false;
    const blocked = await takeAttemptIn(trx, [own, ...network], now);
    if (blocked && limitKindOf(blocked.key) === "network")
      return { ok: false, retryAt: blocked.until, limit: "network" };
    if (blocked) {
      // Past the address's limit, still counted against the network.
      const byNetwork = network.length ? await takeAttemptIn(trx, network, now) : null;
      if (byNetwork) return { ok: false, retryAt: byNetwork.until, limit: "network" };
      capped = true;
    }

    const user = await findUser(trx);
    const audit = (detail: Record<string, boolean>) =>
      recordAuditEvent(
        trx,
        {
          kind: "sign_in_link_requested",
          subjectUserId: user?.id,
          accountId: user?.account_id,
          email,
          ip: input.ip,
          detail,
        },
        now,
      );
    if (!user) {
      await audit({ known: false });
      return { ok: true };
    }
    // A pending invitee gets in only by accepting the invitation (ADR 015): the
    // same answer as for anyone, and no link, so a link never stands in for accepting.
    if (!user.joined_at) {
      await audit({ known: true, pending: true });
      return { ok: true };
    }
    if (capped) {
      const working = await trx
        .selectFrom("auth_tokens")
        .select("id")
        .where("user_id", "=", user.id)
        .where("kind", "=", "sign_in")
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      if (working) {
        await audit({ known: true, capped: true, sent: false });
        return { ok: true };
      }
    }
    const { token, hash } = newOneTimeToken();
    const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000);
    const row = await trx
      .insertInto("auth_tokens")
      .values({ kind: "sign_in", user_id: user.id, token_hash: hash, created_at: now, expires_at: expiresAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    await queueEmails(
      trx,
      [
        {
          dedupeKey: `sign_in:${row.id}`,
          kind: "sign_in_link",
          recipientUserId: user.id,
          toEmail: user.email,
          accountId: user.account_id,
          payload: {
            sealedToken: seal(secret, token),
            expiresAt: expiresAt.toISOString(),
            expiresInMinutes: SIGN_IN_LINK_MINUTES,
          },
        },
      ],
      now,
    );
    await audit(capped ? { known: true, capped: true, sent: true } : { known: true });
    return { ok: true };
  });
}
