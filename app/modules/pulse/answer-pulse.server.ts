// A customer contact answers a survey question on their account's journey. One
// answer per person per stage (and one NPS per journey), which they may change
// for ANSWER_CHANGE_DAYS. A low answer tells the account's CSM once, by email,
// and shows on the account page; every answer is on the account's timeline.
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import { queueEmails } from "~/modules/email/queue-emails.server";
import type { DB } from "~/utils/db.server";
import { InputError, NotFoundError } from "~/utils/errors.server";
import { getPulseQuestions } from "./get-pulse-questions.server";
import { ANSWER_CHANGE_DAYS, isLowAnswer, type PulseFeeling, type PulseQuestion } from "./pulse-rules";

export interface PulseInput {
  question: PulseQuestion;
  stageId: string;
  score: number;
  feeling: PulseFeeling | null;
  comment: string | null;
}

export interface PulseAnswered {
  /** False when the answer changed an earlier one. */
  first: boolean;
  low: boolean;
  /** True when this answer told the CSM (a low answer that had not told them before). */
  alerted: boolean;
  changeableUntil: string;
}

/** The contact's journey, and who is told about a low answer: the CSM, or with none the active admins. */
async function readContext(db: DB, userId: string) {
  const { rows } = await sql<{
    journey_id: string;
    account_id: string;
    account_name: string;
    user_name: string;
  }>`
    select j.id as journey_id, a.id as account_id, a.name as account_name, u.name as user_name
    from users u
    join accounts a on a.id = u.account_id
    join journeys j on j.account_id = a.id
    where u.id = ${userId} and u.role = 'customer' and u.deactivated_at is null and a.archived_at is null`.execute(db);
  return rows[0];
}

export async function answerPulse(db: DB, userId: string, input: PulseInput, now: Date): Promise<PulseAnswered> {
  if (input.question === "stage" && (input.score < 1 || input.score > 5)) {
    throw new InputError("Choose a score from 1 to 5.", "score");
  }
  if (input.question === "nps" && (input.score < 0 || input.score > 10)) {
    throw new InputError("Choose a score from 0 to 10.", "score");
  }
  if (input.question === "stage" && !input.feeling) throw new InputError("Choose how you felt.", "feeling");

  return db.transaction().execute(async (trx) => {
    const ctx = await readContext(trx, userId);
    if (!ctx) throw new NotFoundError("Your account has no journey yet.");
    // Only a question on the list now may be answered: it is this journey's, still asked, and
    // either unanswered or within its change window. One person's answers are serialised.
    await sql`select pg_advisory_xact_lock(hashtext(${`pulse:${userId}`}))`.execute(trx);
    const open = await getPulseQuestions(trx, userId, ctx.journey_id, now);
    const asked = open.find((q) => q.question === input.question && q.stageId === input.stageId);
    if (!asked) {
      throw new InputError(
        `That question is closed: it was answered more than ${ANSWER_CHANGE_DAYS} days ago, or is no longer asked.`,
        "score",
      );
    }
    const feeling = input.question === "stage" ? input.feeling : null;
    const { rows } = await sql<{ id: string; first: boolean; alerted_at: Date | null; answered_at: Date }>`
      insert into pulse_answers (journey_id, stage_id, user_id, question, score, feeling, comment, answered_at)
      values (${ctx.journey_id}, ${input.stageId}, ${userId}, ${input.question}, ${input.score}, ${feeling},
        ${input.comment}, ${now})
      on conflict ${input.question === "stage" ? sql`(stage_id, user_id) where question = 'stage'` : sql`(journey_id, user_id) where question = 'nps'`}
      do update set score = excluded.score, feeling = excluded.feeling, comment = excluded.comment, changed_at = ${now}
      returning id, (xmax = 0) as first, alerted_at, answered_at`.execute(trx);
    const saved = rows[0]!;
    const low = isLowAnswer(input.question, input.score);
    let alerted = false;
    if (low && saved.alerted_at === null) {
      alerted = await alertStaff(trx, ctx, saved.id, input, now);
      if (alerted) await sql`update pulse_answers set alerted_at = ${now} where id = ${saved.id}`.execute(trx);
    }
    return {
      first: saved.first,
      low,
      alerted,
      changeableUntil: new Date(saved.answered_at.getTime() + ANSWER_CHANGE_DAYS * 86_400_000).toISOString(),
    };
  });
}

async function alertStaff(
  trx: Transaction<Database>,
  ctx: { account_id: string; account_name: string; user_name: string },
  answerId: string,
  input: PulseInput,
  now: Date,
): Promise<boolean> {
  const { rows: staff } = await sql<{ id: string; email: string }>`
    select u.id, u.email from users u
    where u.deactivated_at is null
      and (u.id = (select csm_id from accounts where id = ${ctx.account_id})
        or (u.role = 'admin' and not exists (
          select 1 from users c join accounts a on a.csm_id = c.id
          where a.id = ${ctx.account_id} and c.deactivated_at is null)))
    order by u.email`.execute(trx);
  if (staff.length === 0) return false;
  const { rows: stage } = await sql<{
    name: string;
  }>`select name from journey_stages where id = ${input.stageId}`.execute(trx);
  const ids = await queueEmails(
    trx,
    staff.map((s) => ({
      dedupeKey: `pulse_alert:${answerId}:${s.id}`,
      kind: "pulse_alert" as const,
      recipientUserId: s.id,
      toEmail: s.email,
      accountId: ctx.account_id,
      payload: {
        accountId: ctx.account_id,
        accountName: ctx.account_name,
        respondentName: ctx.user_name,
        question: input.question,
        stageName: stage[0]?.name ?? "",
        score: input.score,
        feeling: input.feeling,
        comment: input.comment,
      },
    })),
    now,
  );
  return ids.length > 0;
}
