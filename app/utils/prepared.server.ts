// Statements that run on every page view are prepared once per database connection and then only
// executed (ADR 019): Postgres parses them once, and after five runs it keeps one generic plan,
// instead of planning a large statement afresh on every request. Opt-in, by a marker comment, so
// that the set of prepared statements stays small and fixed: a statement whose text varies with
// its input must never be marked.
import { createHash } from "node:crypto";
import { type RawBuilder, sql } from "kysely";
import type pg from "pg";

/** The marker a statement's text carries to be prepared; a block comment, so Postgres ignores it. */
export const PREPARE_MARKER = "/* waypoint:prepare */";

/** Appended to a query (`.modifyEnd(prepared)`) or put in raw SQL: run it as a prepared statement. */
export const prepared: RawBuilder<unknown> = sql.raw(` ${PREPARE_MARKER}`);

/** A fixed name per distinct text; a text seen again gets the same name without hashing it again. */
const names = new Map<string, string>();
/** Marked texts are a handful of fixed statements (a few variants each); this bounds a mistake. */
const MAX_NAMES = 200;

function statementName(text: string): string | null {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMES) return null;
    name = `wp_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Makes `client.query(text, values)` run a marked text as a named, prepared statement. pg keeps the
 * statement on the connection and sends only Bind and Execute from the second run on; unmarked
 * texts, query objects and callbacks go through as they are.
 */
export function prepareMarkedStatements(client: pg.PoolClient): void {
  const plain = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values, ...rest] = args;
    if (typeof text === "string" && text.includes(PREPARE_MARKER) && (values === undefined || Array.isArray(values))) {
      const name = statementName(text);
      if (name) return plain({ name, text, values }, ...rest);
    }
    return plain(...args);
  };
}
