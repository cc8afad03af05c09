// A page's query string, read through that page's zod schema: a bad value
// stops the loader with a 400 that says what is wrong, before any query runs.
import { data } from "@remix-run/node";
import { z } from "zod";
import { hasLineBreakers } from "~/utils/single-line";

/** What a 400 for a bad address carries; the error page shows `message`. */
export interface BadQuery {
  message: string;
}

function badQuery(message: string) {
  return data<BadQuery>({ message }, { status: 400 });
}

/**
 * The query's values parsed by `schema`, or a thrown 400. An empty value counts
 * as absent (a GET form sends its blank fields as `name=`), a key given twice
 * is refused (which one was meant?), and keys the schema does not name are
 * ignored (links from elsewhere may carry tracking parameters).
 */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if (Object.hasOwn(raw, key)) throw badQuery(`The address gives "${key}" twice. Give it once.`);
    raw[key] = value;
  }
  for (const key of Object.keys(raw)) if (raw[key] === "") delete raw[key];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badQuery(parsed.error.issues[0]?.message ?? "The address has a value we cannot read.");
  return parsed.data;
}

// Building blocks for the pages' schemas, each with the words a person reads.

/** A calendar day, YYYY-MM-DD, that exists (no 30 February) in years 1900 to 9999. */
export function queryDay(label: string) {
  return z
    .string()
    .refine(isCalendarDay, `The ${label} date must be a real date written YYYY-MM-DD, such as 2026-12-01.`);
}

export function isCalendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** An instant, ISO 8601 in UTC, on a real calendar day from 1900 on. */
export function queryInstant(message: string) {
  return z.iso
    .datetime({ message })
    .refine((v) => isCalendarDay(v.slice(0, 10)), message)
    .refine((v) => !Number.isNaN(Date.parse(v)), message);
}

/** Free text on one line, at most `max` characters. */
export function queryText(label: string, max: number) {
  return z
    .string()
    .max(max, `The ${label} filter is too long: use at most ${max} characters.`)
    .refine((v) => !hasLineBreakers(v), `The ${label} filter cannot contain control characters.`);
}

/** One of a fixed list of values. */
export function queryChoice<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: () => `Choose ${what}: ${values.join(", ")}.` });
}

/**
 * Which stage or step of a journey page to open (`?stage=2`, `?step=<id>` from an email's link): the
 * customer's page and the staff's account page read them alike.
 */
export const journeyOpenQuery = {
  stage: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, "The stage in the address must be a stage's number, such as 2.")
    .transform(Number)
    .optional(),
  step: z.guid("The step in the address is not a step's id.").optional(),
};
