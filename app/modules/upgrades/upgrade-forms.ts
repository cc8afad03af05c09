// The upgrade page's inputs, one schema for the query (choose + preview) and the apply form.
import { z } from "zod";
import { upgradeFilterSchema } from "./choose-journeys.server";

/** An empty select ("any") means no filter. */
const blankIsAbsent = (v: unknown) => (v === "" ? undefined : v);

const shape = upgradeFilterSchema.shape;
export const upgradeQuerySchema = z.object({
  to: z.preprocess(blankIsAbsent, z.guid("Choose a version from the list.").optional()),
  fromVersion: z.preprocess(blankIsAbsent, shape.fromVersion),
  accountId: z.preprocess(blankIsAbsent, shape.accountId),
  csmId: z.preprocess(blankIsAbsent, shape.csmId),
  stageKey: z.preprocess(blankIsAbsent, shape.stageKey),
});

export const applyUpgradeForm = upgradeQuerySchema.extend({
  intent: z.literal("apply", { error: "Unknown action." }),
  to: z.guid("Choose a version from the list."),
  confirm: z.literal("on", { error: "Tick the box to confirm that you checked the preview." }),
});

export function filterOf(input: z.infer<typeof upgradeQuerySchema>) {
  return {
    ...(input.fromVersion !== undefined ? { fromVersion: input.fromVersion } : {}),
    ...(input.accountId ? { accountId: input.accountId } : {}),
    ...(input.csmId ? { csmId: input.csmId } : {}),
    ...(input.stageKey ? { stageKey: input.stageKey } : {}),
  };
}
