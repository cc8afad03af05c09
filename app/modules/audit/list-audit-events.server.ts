// The audit log for admins: newest first, filtered by kind, by person (email)
// and by date range, a page at a time.
import { sql } from "kysely";
import type { AuditKind } from "#db/schema";
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";

export const AUDIT_PAGE_SIZE = 200;

export interface AuditRow {
  id: number;
  at: string;
  kind: AuditKind;
  actorName: string | null;
  subjectName: string | null;
  email: string | null;
  accountName: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

export async function listAuditEvents(
  db: DB,
  actor: Actor,
  filter: { kind?: AuditKind; person?: string; from?: string; to?: string; beforeId?: number },
): Promise<{ rows: AuditRow[]; more: boolean }> {
  if (actor.role !== "admin") throw new NotFoundError("No such page");
  const person = filter.person?.trim().toLowerCase();
  const rows = await db
    .selectFrom("audit_events as e")
    .leftJoin("users as a", "a.id", "e.actor_id")
    .leftJoin("users as s", "s.id", "e.subject_user_id")
    .leftJoin("accounts as acc", "acc.id", "e.account_id")
    .select([
      "e.id",
      "e.at",
      "e.kind",
      "a.name as actor_name",
      "s.name as subject_name",
      "e.email",
      "acc.name as account_name",
      "e.ip",
      "e.detail",
      "s.email as subject_email",
    ])
    .$if(!!filter.kind, (q) => q.where("e.kind", "=", filter.kind!))
    .$if(!!person, (q) =>
      q.where((eb) =>
        eb.or([
          eb(eb.fn("lower", ["e.email"]), "like", `%${person!.replace(/[\\%_]/g, "\\$&")}%`),
          eb(eb.fn("lower", ["s.email"]), "like", `%${person!.replace(/[\\%_]/g, "\\$&")}%`),
          eb(eb.fn("lower", ["s.name"]), "like", `%${person!.replace(/[\\%_]/g, "\\$&")}%`),
        ]),
      ),
    )
    .$if(!!filter.from, (q) => q.where("e.at", ">=", sql<Date>`${filter.from}::date`))
    .$if(!!filter.to, (q) => q.where("e.at", "<", sql<Date>`${filter.to}::date + 1`))
    .$if(!!filter.beforeId, (q) => q.where("e.id", "<", filter.beforeId!))
    .orderBy("e.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1)
    .execute();
  return {
    rows: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      kind: r.kind,
      actorName: r.actor_name,
      subjectName: r.subject_name,
      email: r.email ?? r.subject_email,
      accountName: r.account_name,
      ip: r.ip,
      detail: r.detail,
    })),
    more: rows.length > AUDIT_PAGE_SIZE,
  };
}
