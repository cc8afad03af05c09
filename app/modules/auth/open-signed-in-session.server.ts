// What every successful sign-in does, by password or by link: a new session,
// the user seen now, and a "sign_in" audit event saying how.
import { recordAuditEvent } from "~/modules/audit/record-audit-event.server";
import type { DB } from "~/utils/db.server";
import { createSession } from "./session.server";

export async function openSignedInSession(
  db: DB,
  user: { id: string; accountId: string | null },
  input: { method: "password" | "link"; ip?: string | null; userAgent: string | null },
  now: Date,
): Promise<string> {
  const token = await createSession(db, user.id, now, input.userAgent);
  await db.updateTable("users").set({ last_seen_at: now }).where("id", "=", user.id).execute();
  await recordAuditEvent(
    db,
    {
      kind: "sign_in",
      actorId: user.id,
      subjectUserId: user.id,
      accountId: user.accountId,
      ip: input.ip,
      detail: { method: input.method },
    },
    now,
  );
  return token;
}
