// `npm run comment-notices [-- --at 2026-12-01T10:00:00Z]`: one comment-notice sweep as of now
// or the given time; prints what it queued. The worker runs it every 15 minutes and delivers.
import { runCommentNoticeSweep } from "~/modules/email/run-comment-notice-sweep.server";
import { workspaceNudgeRules } from "~/modules/workspace/workspace-settings.server";
import { EnvError, parseEnv } from "~/utils/env.server";
import { openDatabase } from "./database";

function parseAt(args: string[]): Date {
  const i = args.indexOf("--at");
  if (i === -1) return new Date();
  const value = args[i + 1];
  const at = value && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(at.getTime())) {
    throw new EnvError(`--at needs an ISO date and time such as 2026-12-01T10:00:00Z; got ${value ?? "nothing"}`);
  }
  return at;
}

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a, i) => a !== "--at" && args[i - 1] !== "--at");
  if (unknown.length)
    throw new EnvError(`Unknown argument ${unknown[0]}. Usage: npm run comment-notices -- [--at 2026-12-01T10:00:00Z]`);
  const at = parseAt(args);
  const env = parseEnv();
  const database = await openDatabase(env);
  try {
    const rules = await workspaceNudgeRules(database.db, env);
    const { queued, dropped } = await runCommentNoticeSweep(database.db, at, rules);
    console.log(
      `Comment-notice sweep as of ${at.toISOString()} (working hours ${rules.startHour}-${rules.endHour}, days ${rules.firstDay}-${rules.lastDay})`,
    );
    if (dropped)
      console.log(`Dropped ${dropped} notice(s) no one may receive (opted out, left, or account not active).`);
    if (queued.length === 0) console.log("Queued nothing: no one is due a comment digest at that time.");
    for (const q of queued) {
      console.log(
        `  queued comment digest to ${q.toEmail.padEnd(28)} ${q.comments} comment${q.comments === 1 ? "" : "s"}  (${q.outboxId})`,
      );
    }
    if (queued.length)
      console.log(`Queued ${queued.length} email(s); the worker in \`npm start\` or \`npm run worker\` delivers them.`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof EnvError ? e.message : `The comment-notice sweep failed: ${e?.message ?? e}`);
    process.exit(1);
  },
);
