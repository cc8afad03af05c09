// The forms that set an account's success goals, one zod schema each, shared by
// the goals page that renders them and the action that parses them; and the
// words each status reads as.
import { z } from "zod";
import { GOAL_STATUSES, type GoalStatus } from "#db/schema";
import { isValidDate } from "~/utils/dates";
import { hasLineBreakers } from "~/utils/single-line";

export { GOAL_STATUSES, type GoalStatus };

export const GOAL_TITLE_MAX = 200;
export const GOAL_MEASURE_MAX = 300;
export const GOAL_RESULT_MAX = 2000;

export const GOAL_STATUS_LABEL: Record<GoalStatus, string> = {
  not_started: "Not started",
  on_track: "On track",
  at_risk: "At risk",
  achieved: "Achieved",
  missed: "Missed",
};

/** A goal that is over: only these carry a result. */
export function isOver(status: GoalStatus): boolean {
  return status === "achieved" || status === "missed";
}

const oneLine = (missing: string, max: number, tooLong: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .max(max, { error: tooLong })
    .refine((v) => !hasLineBreakers(v), { error: "Write it on one line, without special characters." });

/** The evidence in words: several lines allowed, bounded; empty means none. */
export const goalResult = z
  .string()
  .trim()
  .max(GOAL_RESULT_MAX, { error: `Keep the result under ${GOAL_RESULT_MAX} characters.` })
  .refine((v) => !v.includes("\0"), { error: "The result contains a character that cannot be saved." })
  .transform((v) => (v === "" ? null : v));

const goalFields = {
  title: oneLine("Give the goal a title.", GOAL_TITLE_MAX, `Keep the title under ${GOAL_TITLE_MAX} characters.`),
  measure: oneLine(
    "Say how the goal is measured.",
    GOAL_MEASURE_MAX,
    `Keep the measure under ${GOAL_MEASURE_MAX} characters.`,
  ),
  targetOn: z
    .string({ error: "Enter a target date." })
    .refine(isValidDate, { error: "Enter a real date as YYYY-MM-DD." })
    .refine((d) => d >= "2000-01-01" && d <= "2100-12-31", { error: "Enter a date between 2000 and 2100." }),
  status: z.enum(GOAL_STATUSES, { error: () => "Choose a status from the list." }),
  result: goalResult.optional().transform((v) => v ?? null),
};

const goalId = z.uuid({ error: "That goal id is not valid." });

/** Every form on the goals page, by its intent. */
export const goalIntent = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("create"), ...goalFields }),
    z.object({ intent: z.literal("update"), goalId, ...goalFields }),
    z.object({
      intent: z.literal("link"),
      goalId,
      // Empty: the goal has no step that reaches it.
      milestoneId: z.union([z.literal(""), z.uuid({ error: "Choose a step from the list." })], {
        error: "Choose a step from the list.",
      }),
    }),
  ],
  { error: "Unknown action." },
);

export type GoalIntent = z.infer<typeof goalIntent>;
export type GoalInput = Pick<
  Extract<GoalIntent, { intent: "create" }>,
  "title" | "measure" | "targetOn" | "status" | "result"
>;
