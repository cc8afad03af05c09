// Which state of a playbook a staff page shows, from its address: nothing for
// the latest published version, `?version=N` for version N, `?draft=1` for the draft.
import { z } from "zod";
import type { PlaybookChoice } from "~/modules/playbooks/read-playbook-document.server";

export const playbookChoiceQuery = z
  .object({
    version: z
      .string()
      .regex(/^[1-9]\d{0,5}$/, "The version is a whole number from 1, such as ?version=2.")
      .transform(Number)
      .optional(),
    draft: z.literal("1", { error: () => "Write ?draft=1 to see the draft." }).optional(),
  })
  .refine((q) => !(q.version !== undefined && q.draft), "Choose a version or the draft, not both.")
  .transform((q): PlaybookChoice => (q.draft ? { draft: true } : { version: q.version }));
