// The survey questions a customer contact may answer now on their account's journey:
// "How did <stage> go?" for the stage it finished last (for STAGE_QUESTION_DAYS), and
// the NPS question once the journey has reached Retention. An answer stays on the list,
// to be changed, for ANSWER_CHANGE_DAYS after it was given.
import { type RawBuilder, sql } from "kysely";
import type { DB } from "~/utils/db.server";
import {
  ANSWER_CHANGE_DAYS,
  NPS_STAGE_NAME,
  type PulseFeeling,
  type PulseQuestion,
  STAGE_QUESTION_DAYS,
} from "./pulse-rules";

export interface PulseAnswerView {
  score: number;
  feeling: PulseFeeling | null;
  comment: string | null;
  answeredAt: string;
  /** The answer may change until then. */
  changeableUntil: string;
}

export interface PulseQuestionView {
  question: PulseQuestion;
  stageId: string;
  stageName: string;
  /** This person's answer, if they gave one and may still change it. */
  answer: PulseAnswerView | null;
}

interface Row {
  question: PulseQuestion;
  stage_id: string;
  stage_name: string;
  score: number | null;
  feeling: PulseFeeling | null;
  comment: string | null;
  /** A time as JSON gives it: an ISO string with the database's offset. */
  answered_at: string | null;
}

const DAY_MS = 86_400_000;

/**
 * The questions as one JSON array, for the journey whose id `journeyId` is (a value or a column):
 * a page that reads the journey in one statement asks for these in the same statement.
 */
export function pulseQuestionsJson(journeyId: RawBuilder<string> | string, userId: string, now: Date) {
  const since = new Date(now.getTime() - STAGE_QUESTION_DAYS * DAY_MS);
  return sql<Row[]>`(
    select coalesce(json_agg(q), '[]'::json) from (
      with j as (select id, current_stage_position, completed_at from journeys where id = ${journeyId}),
      last_finished as (
        select s.id, s.name
        from journey_stages s
        join j on j.id = s.journey_id
        left join journey_stages n on n.journey_id = s.journey_id and n.position = s.position + 1
        where (s.position < j.current_stage_position or j.completed_at is not null)
          and coalesce(n.entered_at, j.completed_at) > ${since}
        order by s.position desc
        limit 1
      )
      select 'stage' as question, f.id as stage_id, f.name as stage_name,
        a.score, a.feeling, a.comment, a.answered_at
      from last_finished f
      left join pulse_answers a on a.stage_id = f.id and a.user_id = ${userId} and a.question = 'stage'
      union all
      select 'nps', r.id, r.name, a.score, a.feeling, a.comment, a.answered_at
      from journey_stages r
      join j on j.id = r.journey_id
      left join pulse_answers a on a.journey_id = j.id and a.user_id = ${userId} and a.question = 'nps'
      where lower(r.name) = ${NPS_STAGE_NAME} and r.entered_at is not null
    ) q)`;
}

/** The rows of `pulseQuestionsJson` as the pages show them: answers past their change window drop out. */
export function pulseQuestionViews(rows: Row[], now: Date): PulseQuestionView[] {
  const questions: PulseQuestionView[] = [];
  for (const r of rows) {
    let answer: PulseAnswerView | null = null;
    if (r.answered_at && r.score !== null) {
      const answeredAt = new Date(r.answered_at);
      const until = new Date(answeredAt.getTime() + ANSWER_CHANGE_DAYS * DAY_MS);
      if (until <= now) continue; // answered, and no longer open to change
      answer = {
        score: r.score,
        feeling: r.feeling,
        comment: r.comment,
        answeredAt: answeredAt.toISOString(),
        changeableUntil: until.toISOString(),
      };
    }
    questions.push({ question: r.question, stageId: r.stage_id, stageName: r.stage_name, answer });
  }
  return questions.sort((a, b) => (a.question === b.question ? 0 : a.question === "stage" ? -1 : 1));
}

export async function getPulseQuestions(
  db: DB,
  userId: string,
  journeyId: string,
  now: Date,
): Promise<PulseQuestionView[]> {
  const { rows } = await sql<{ q: Row[] }>`select ${pulseQuestionsJson(journeyId, userId, now)} as q`.execute(db);
  return pulseQuestionViews(rows[0]?.q ?? [], now);
}
