// Text that must stay on one line (names, one-line fields, email subjects):
// which characters break a line or hide in it, and how forms and emails treat them.
import { z } from "zod";

/**
 * C0 controls (CR, LF, TAB, NUL, ESC…), DEL, C1 controls (NEL…) and the
 * Unicode line and paragraph separators: any of them can start a new header
 * line in an email or split a name shown elsewhere. (\p{Cc} is exactly C0, DEL and C1.)
 */
const LINE_BREAKERS = /[\p{Cc}\u2028\u2029]/u;
const LINE_BREAKER_RUNS = /[\p{Cc}\u2028\u2029]+/gu;

export function hasLineBreakers(value: string): boolean {
  return LINE_BREAKERS.test(value);
}

/** The text on one line: each run of those characters becomes one space. */
export function toOneLine(value: string): string {
  return value.replace(LINE_BREAKER_RUNS, " ").replace(/ {2,}/g, " ").trim();
}

/** A person's name as a form takes it: trimmed, present, short, on one line. */
export function personName(opts: { max?: number } = {}) {
  const max = opts.max ?? 200;
  return z
    .string({ error: "Enter their name." })
    .trim()
    .min(1, { error: "Enter their name." })
    .max(max, { error: "That name is too long." })
    .refine((v) => !hasLineBreakers(v), { error: "Enter a name on one line, without special characters." });
}
