// The background worker: graphile-worker on the app's Postgres, delivering the
// outbox and running the hourly nudge sweep, the comment-notice sweep and the insights refresh. Runs in `npm start` or `npm run worker`.
import { Logger, type Runner, run, type TaskList } from "graphile-worker";
import { pruneAuthRecords } from "~/modules/auth/throttle.server";
import { deliverEmail } from "~/modules/email/deliver-email.server";
import { emailContext, emailSender } from "~/modules/email/email-context.server";
import { SEND_EMAIL_TASK } from "~/modules/email/queue-emails.server";
import { recoverOutbox } from "~/modules/email/recover-outbox.server";
import { runCommentNoticeSweep } from "~/modules/email/run-comment-notice-sweep.server";
import { runNudgeSweep } from "~/modules/email/run-nudge-sweep.server";
import { refreshKeptInsights } from "~/modules/insights/kept-rows.server";
import { workspaceNudgeRules } from "~/modules/workspace/workspace-settings.server";
import { type DB, poolOf } from "~/utils/db.server";
import type { Env } from "~/utils/env.server";

export const NUDGE_SWEEP_TASK = "nudge_sweep";
export const COMMENT_NOTICE_TASK = "comment_notice_sweep";
export const RECOVER_OUTBOX_TASK = "recover_outbox";
export const PRUNE_AUTH_TASK = "prune_auth";
export const REFRESH_INSIGHTS_TASK = "refresh_insights";

// Hourly: the sweep on the hour, pruning of old sign-in attempts and spent
// tokens at a quarter to. Comment notices every quarter hour, so the day's
// digest leaves soon after a comment (one a day per person, ADR 033). graphile-worker's cron schedules each tick once
// however many workers run.
const CRONTAB = [
  `0 * * * * ${NUDGE_SWEEP_TASK}`,
  `*/15 * * * * ${COMMENT_NOTICE_TASK}`,
  `45 * * * * ${PRUNE_AUTH_TASK}`,
  // The kept rows of the insights figures (ADR 044): journeys changed since, or on a new day.
  `*/5 * * * * ${REFRESH_INSIGHTS_TASK}`,
].join("\n");

/**
 * Emails left in flight by a crash go out within three minutes of the next
 * start: a claim lapses after two minutes, and recovery looks every 30 s
 * (ADR 017). Every worker runs it; it is idempotent, and cheap on small tables.
 */
const RECOVER_EVERY_MS = 30_000;

export interface WorkerOptions {
  db: DB;
  env: Env;
  log?: (line: string) => void;
  concurrency?: number;
  /** Test seam: shorter backoff between retries. */
  retryBaseMs?: number;
}

export function workerTasks(options: WorkerOptions): TaskList {
  const { db, env } = options;
  const log = options.log ?? console.log;
  const sender = emailSender(env);
  return {
    [SEND_EMAIL_TASK]: async (payload) => {
      const id = (payload as { outboxId?: unknown })?.outboxId;
      if (typeof id !== "string") return;
      const outcome = await deliverEmail(db, id, {
        sender,
        ctx: await emailContext(db, env),
        now: new Date(),
        retryBaseMs: options.retryBaseMs,
      });
      // Kept emails (no provider) are the demo's normal case; say nothing.
      if (outcome !== "not_claimed" && outcome !== "kept") log(`Email ${id}: ${outcome}`);
    },
    [NUDGE_SWEEP_TASK]: async () => {
      const queued = await runNudgeSweep(db, new Date(), await workspaceNudgeRules(db, env));
      if (queued.length) log(`Nudge sweep queued ${queued.length} email(s)`);
    },
    [COMMENT_NOTICE_TASK]: async () => {
      const { queued } = await runCommentNoticeSweep(db, new Date(), await workspaceNudgeRules(db, env));
      if (queued.length) log(`Comment-notice sweep queued ${queued.length} email(s)`);
    },
    [PRUNE_AUTH_TASK]: async () => {
      await pruneAuthRecords(db, new Date());
    },
    [REFRESH_INSIGHTS_TASK]: async () => {
      const { journeys } = await refreshKeptInsights(db, new Date());
      if (journeys > 100) log(`Insights: kept rows of ${journeys} journeys computed again`);
    },
    [RECOVER_OUTBOX_TASK]: async () => {
      await recoverAndSay(db, log);
    },
  };
}

async function recoverAndSay(db: DB, log: (line: string) => void): Promise<void> {
  const { unlocked, requeued, gaveUp } = await recoverOutbox(db, new Date());
  if (unlocked || requeued || gaveUp) {
    log(`Outbox recovery: ${unlocked} dead worker(s) unlocked, ${requeued} requeued, ${gaveUp} given up`);
  }
}

export async function startWorker(options: WorkerOptions): Promise<Runner> {
  const log = options.log ?? console.log;
  const runner = await run({
    pgPool: poolOf(options.db),
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 2000,
    taskList: workerTasks(options),
    crontab: CRONTAB,
    logger: new Logger(() => (level, message) => {
      if (level === "error" || level === "warning") log(`Worker ${level}: ${message}`);
    }),
  });
  const recover = () =>
    recoverAndSay(options.db, log).catch((e) => log(`Outbox recovery failed: ${(e as Error).message}`));
  await recover();
  const timer = setInterval(recover, RECOVER_EVERY_MS);
  timer.unref();
  void runner.promise.finally(() => clearInterval(timer)).catch(() => undefined);
  return runner;
}
