// How an account's customers feel: their survey answers, newest first, for the
// account page. Scoped to what the staff member may see.
import { type RawBuilder, sql } from "kysely";
import { type Actor, isUuid } from "~/modules/accounts/access.server";
import { journeyInScope } from "~/modules/journeys/journey-in-scope";
import type { DB } from "~/utils/db.server";
import { prepared } from "~/utils/prepared.server";
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

/** An answer as SQL gives it; `at` is a Date from a query, a string inside JSON. */
interface PulseRow {
  id: string;
  question: PulseQuestion;
  stage_name: string;
  respondent_name: string;
  score: number;
  feeling: PulseFeeling | null;
  comment: string | null;
  at: Date | string;
}

export async function listAccountPulse(
  db: DB,
  actor: Actor,
  accountId: string,
  limit = 20,
): Promise<AccountPulseAnswer[]> {
  if (!isUuid(accountId)) return [];
  const journey = sql<string>`(${journeyInScope(db, actor, accountId)})`;
  const { rows } = await sql<PulseRow>`${pulseRows(journey, limit)} ${prepared}`.execute(db);
  return rows.map(pulseAnswer);
}

/**
 * The newest answers as JSON, to read inside a larger statement that has already found the journey
 * within the actor's scope (the account page's one statement, ADR 019); `accountPulseFromJson` reads it.
 */
export function accountPulseJson(journeyId: RawBuilder<string>, limit: number): RawBuilder<PulseRow[]> {
  return sql<PulseRow[]>`(select coalesce(json_agg(t order by t.at desc, t.id), '[]'::json)
    from (${pulseRows(journeyId, limit)}) t)`;
}

export function accountPulseFromJson(rows: PulseRow[]): AccountPulseAnswer[] {
  return rows.map(pulseAnswer);
}

function pulseRows(journey: RawBuilder<string>, limit: number) {
  return sql`
    select p.id, p.question, s.name as stage_name, u.name as respondent_name, p.score, p.feeling, p.comment,
      coalesce(p.changed_at, p.answered_at) as at
    from pulse_answers p
    join journey_stages s on s.id = p.stage_id
    join users u on u.id = p.user_id
    where p.journey_id = ${journey}
    order by at desc, p.id
    limit ${limit}`;
}

function pulseAnswer(r: PulseRow): AccountPulseAnswer {
  return {
    id: r.id,
    question: r.question,
    stageName: r.stage_name,
    respondentName: r.respondent_name,
    score: r.score,
    feeling: r.feeling,
    comment: r.comment,
    at: new Date(r.at).toISOString(),
    low: isLowAnswer(r.question, r.score),
  };
}
