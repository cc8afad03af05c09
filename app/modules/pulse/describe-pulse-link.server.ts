// What a survey link from a stage email asks: whose answer, about which stage, and whether the
// question is still open (unanswered, or answered within the change window).
import { sql } from "kysely";
import type { PulseClaims } from "~/modules/email/signed-links.server";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import { getPulseQuestions, type PulseQuestionView } from "./get-pulse-questions.server";

export interface PulseLinkView {
  personName: string;
  accountName: string;
  stageName: string;
  /** The question as it stands now; null when it is closed (answered more than 7 days ago, or no longer asked). */
  open: PulseQuestionView | null;
}

export async function describePulseLink(db: DB, claims: PulseClaims, now: Date): Promise<PulseLinkView> {
  const { rows } = await sql<{ person_name: string; account_name: string; stage_name: string; journey_id: string }>`
    select u.name as person_name, a.name as account_name, s.name as stage_name, j.id as journey_id
    from users u
    join accounts a on a.id = u.account_id
    join journeys j on j.account_id = a.id
    join journey_stages s on s.journey_id = j.id and s.id = ${claims.s}
    where u.id = ${claims.u} and u.role = 'customer' and u.deactivated_at is null and a.archived_at is null`.execute(
    db,
  );
  const row = rows[0];
  if (!row) throw new NotFoundError("That survey is not there any more.");
  const open = (await getPulseQuestions(db, claims.u, row.journey_id, now)).find(
    (q) => q.question === "stage" && q.stageId === claims.s,
  );
  return { personName: row.person_name, accountName: row.account_name, stageName: row.stage_name, open: open ?? null };
}
