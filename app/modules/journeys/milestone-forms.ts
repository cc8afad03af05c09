// The forms that change a milestone, one zod schema each, shared by the pages
// that render them and the action that parses them.
import { z } from "zod";
import { goalResult } from "~/modules/goals/goal-forms";
import { isValidDate } from "~/utils/dates";
import { hasLineBreakers } from "~/utils/single-line";

const milestoneId = z.string({ error: "Choose a milestone." }).uuid({ error: "That milestone id is not valid." });

export const NOTE_MAX = 2000;
export const REASON_MAX = 500;
export const TITLE_MAX = 200;

const dueOn = z
  .string({ error: "Enter a due date." })
  .refine(isValidDate, { error: "Enter a date as YYYY-MM-DD." })
  .refine((d) => d >= "2000-01-01" && d <= "2100-12-31", { error: "Enter a date between 2000 and 2100." });

/** A short line of text the page shows as it is: present, bounded, on one line. */
const oneLine = (missing: string, max: number, tooLong: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .max(max, { error: tooLong })
    .refine((v) => !hasLineBreakers(v), { error: "Write it on one line, without special characters." });

export const milestoneIntent = z.discriminatedUnion(
  "intent",
  [
    // A step linked to a goal asks for the goal's result as it is done; optional.
    z.object({ intent: z.literal("complete"), milestoneId, result: goalResult.optional().transform((v) => v ?? null) }),
    // Reopening undoes someone's work (a signed contract): the page asks first,
    // and the form carries the answer, so one click never reopens a step.
    z.object({
      intent: z.literal("reopen"),
      milestoneId,
      confirm: z.literal("yes", { error: "Confirm first: press “Yes, reopen”." }),
    }),
    z.object({
      intent: z.literal("owner"),
      milestoneId,
      ownerId: z.string({ error: "Choose an owner." }).uuid({ error: "Choose an owner from the list." }),
    }),
    z.object({ intent: z.literal("due"), milestoneId, dueOn }),
    z.object({
      intent: z.literal("note"),
      milestoneId,
      note: z
        .string({ error: "Write a note." })
        .trim()
        .min(1, { error: "Write a note." })
        .max(NOTE_MAX, { error: `Keep the note under ${NOTE_MAX} characters.` })
        .refine((v) => !v.includes("\0"), { error: "The note contains a character that cannot be saved." }),
    }),
    z.object({
      intent: z.literal("not_applicable"),
      milestoneId,
      reason: oneLine(
        "Say why this step does not apply.",
        REASON_MAX,
        `Keep the reason under ${REASON_MAX} characters.`,
      ),
    }),
    z.object({ intent: z.literal("applicable"), milestoneId }),
  ],
  { error: "Unknown action." },
);

export type MilestoneIntent = z.infer<typeof milestoneIntent>;

/** A milestone added to one account's journey only. */
export const addMilestoneForm = z.object({
  title: oneLine("Give the step a title.", TITLE_MAX, `Keep the title under ${TITLE_MAX} characters.`),
  stageId: z.string({ error: "Choose a stage." }).uuid({ error: "Choose a stage from the list." }),
  ownerId: z.string({ error: "Choose an owner." }).uuid({ error: "Choose an owner from the list." }),
  dueOn,
  // A checkbox: present when ticked, absent otherwise.
  required: z
    .literal("on", { error: "Tick the box or leave it empty." })
    .optional()
    .transform((v) => v === "on"),
});

export type AddMilestoneInput = z.infer<typeof addMilestoneForm>;
