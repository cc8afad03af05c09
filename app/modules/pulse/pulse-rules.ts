// The survey's rules, shared by the pages and the server: which answers are
// low, how long an answer may change, and how long a finished stage is asked about.
import { PULSE_FEELINGS, type PulseFeeling, type PulseQuestion } from "#db/schema";

export { PULSE_FEELINGS, type PulseFeeling, type PulseQuestion };

/** An answer may be changed for this many days after it was first given. */
export const ANSWER_CHANGE_DAYS = 7;

/** A finished stage is asked about for this many days; after that the question has gone stale. */
export const STAGE_QUESTION_DAYS = 30;

/** NPS is asked once, when the journey reaches the stage of this name. */
export const NPS_STAGE_NAME = "retention";

/** The longest comment kept. */
export const PULSE_COMMENT_MAX = 1000;

/** A stage scored 2 or less out of 5, or an NPS of 6 or less (a detractor), tells the CSM. */
export function isLowAnswer(question: PulseQuestion, score: number): boolean {
  return question === "stage" ? score <= 2 : score <= 6;
}

export const FEELING_LABELS: Record<PulseFeeling, string> = {
  frustrated: "Frustrated",
  confused: "Confused",
  neutral: "Neutral",
  confident: "Confident",
  delighted: "Delighted",
};

/** A survey answer as the account's timeline says it. */
export function describePulseAnswer(who: string, stageName: string | null, data: Record<string, unknown>): string {
  const changed = data.changed === true ? " (changed)" : "";
  const comment = typeof data.comment === "string" && data.comment ? `: "${data.comment}"` : "";
  if (data.question === "nps") return `${who} gave an NPS of ${String(data.score)} out of 10${changed}${comment}`;
  const feeling = typeof data.feeling === "string" ? `, feeling ${data.feeling}` : "";
  return `${who} rated ${stageName ?? "a stage"} ${String(data.score)} out of 5${feeling}${changed}${comment}`;
}
