// Which state of a playbook a staff page shows, from its address: nothing for
// the latest published version, `?version=N` for version N, `?draft=1` for the draft.
import { z } from "zod";
import type { PlaybookChoice } from "~/modules/playbooks/read-playbook-document.server";

const choiceFields = {
  version: z
    .string()
    .regex(/^[1-9]\d{0,5}$/, "The version is a whole number from 1, such as ?version=2.")
    .transform(Number)
    .optional(),
  draft: z.literal("1", { error: () => "Write ?draft=1 to see the draft." }).optional(),
};

const notBoth = (q: { version?: number; draft?: "1" }) => !(q.version !== undefined && q.draft);
const NOT_BOTH = "Choose a version or the draft, not both.";
const toChoice = (q: { version?: number; draft?: "1" }): PlaybookChoice =>
  q.draft ? { draft: true } : { version: q.version };

export const playbookChoiceQuery = z
  .object(choiceFields)
  .refine(notBoth, NOT_BOTH)
  .transform((q): PlaybookChoice => toChoice(q));

/**
 * The journey map's address: the state as above, and `?figures=0|1` for the live figures over a
 * published version (shown unless turned off). No journey runs the draft, so it has none to show.
 */
export const journeyMapQuery = z
  .object({
    ...choiceFields,
    figures: z
      .enum(["0", "1"], { error: () => "Write ?figures=1 to show the live figures, ?figures=0 to hide them." })
      .optional(),
  })
  .refine(notBoth, NOT_BOTH)
  .refine(
    (q) => !(q.draft && q.figures === "1"),
    "The draft has no live figures: no journey runs it yet. Choose a version.",
  )
  .transform((q) => ({ choice: toChoice(q), figures: q.figures !== "0" }));
