// The one filter every insights figure takes (issue 13): playbook and version, CSM, segment,
// cohort (the month the journey started) and period. Parsed once at the edge; bad values say why.
import { z } from "zod";
import { InputError } from "~/utils/errors.server";

export interface InsightsFilter {
  playbookId?: string;
  /** A published playbook version (playbook_versions.id). */
  versionId?: string;
  /** Only accounts of this CSM; a CSM's own scope still applies on top. */
  csmId?: string;
  segment?: string;
  /** "YYYY-MM": journeys that started in this month. */
  cohort?: string;
  /** "YYYY-MM-DD", both ends included: journeys running at some point in the period. */
  periodFrom?: string;
  periodTo?: string;
}

const uuid = (what: string) =>
  z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `${what} is not a known id.`)
    .optional();

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const day = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} is a date like 2026-03-01.`)
    .refine(isRealDate, `${what} is not a real date.`)
    .optional();

const filterSchema = z
  .strictObject({
    playbookId: uuid("The playbook"),
    versionId: uuid("The playbook version"),
    csmId: uuid("The CSM"),
    segment: z.string().trim().min(1).max(100, "A segment is at most 100 characters.").optional(),
    cohort: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "The cohort is a month like 2026-03.")
      .optional(),
    periodFrom: day("The period's start"),
    periodTo: day("The period's end"),
  })
  .refine((f) => !f.periodFrom || !f.periodTo || f.periodFrom <= f.periodTo, {
    message: "The period's start must not be after its end.",
    path: ["periodTo"],
  });

/** Reads a filter from query-string pairs; empty values mean "any". Throws InputError naming the field. */
export function parseInsightsFilter(params: URLSearchParams | Record<string, string | undefined>): InsightsFilter {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  const raw: Record<string, string> = {};
  for (const [k, v] of entries) if (v !== undefined && v.trim() !== "") raw[k] = v;
  const parsed = filterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path[0] === undefined ? undefined : String(issue.path[0]);
    const message = issue.code === "unrecognized_keys" ? `Unknown filter: ${issue.keys.join(", ")}.` : issue.message;
    throw new InputError(message, field);
  }
  return parsed.data;
}
