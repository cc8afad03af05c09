// How an account's customers feel: their survey answers, newest first, for the
// account page. Scoped to what the staff member may see.
import { sql } from "kysely";
import { type Actor, isUuid } from "~/modules/accounts/access.server";
import { journeyInScope } from "~/modules/journeys/journey-in-scope";
import type { DB } from "~/utils/db.server";
import { isLowAnswer, type PulseFeeling, type PulseQuestion } from "./pulse-rules";

export interface AccountPulseAnswer {
  id: string;
  question: PulseQuestion;
  stageName: string;
  respondentName: string;
  score: number;
  feeling: PulseFeeling | null;
  comment: string | null;
  /** When it was last given or changed. */
  at: string;
  low: boolean;
}

export async function listAccountPulse(
  db: DB,
  actor: Actor,
  accountId: string,
  limit = 20,
): Promise<AccountPulseAnswer[]> {
  if (!isUuid(accountId)) return [];
  const journey = journeyInScope(db, actor, accountId);
  const { rows } = await sql<{
    id: string;
    question: PulseQuestion;
    stage_name: string;
    respondent_name: string;
    score: number;
    feeling: PulseFeeling | null;
    comment: string | null;
    at: Date;
  }>`
    select p.id, p.question, s.name as stage_name, u.name as respondent_name, p.score, p.feeling, p.comment,
      coalesce(p.changed_at, p.answered_at) as at
    from pulse_answers p
    join journey_stages s on s.id = p.stage_id
    join users u on u.id = p.user_id
    where p.journey_id = (${journey})
    order by at desc, p.id
    limit ${limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    question: r.question,
    stageName: r.stage_name,
    respondentName: r.respondent_name,
    score: r.score,
    feeling: r.feeling,
    comment: r.comment,
    at: r.at.toISOString(),
    low: isLowAnswer(r.question, r.score),
  }));
}
