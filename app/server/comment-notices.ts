// `npm run comment-notices [-- --at 2026-12-01T10:00:00Z]`: one comment-notice sweep as of now
// or the given time; prints what it queued. The worker runs it every 15 minutes and delivers.
import { runCommentNoticeSweep } from "~/modules/email/run-comment-notice-sweep.server";
import { deliveredBy, runSweepCommand } from "./sweep-command";

runSweepCommand({
  script: "comment-notices",
  what: "The comment-notice sweep",
  sweep: async (db, at, rules) => {
    const { queued, dropped } = await runCommentNoticeSweep(db, at, rules);
    const lines = [
      `Comment-notice sweep as of ${at.toISOString()} (working hours ${rules.startHour}-${rules.endHour}, days ${rules.firstDay}-${rules.lastDay})`,
    ];
    if (dropped)
      lines.push(`Dropped ${dropped} notice(s) no one may receive (opted out, left, or account not active).`);
    if (queued.length === 0) lines.push("Queued nothing: no one is due a comment digest at that time.");
    for (const q of queued) {
      lines.push(
        `  queued comment digest to ${q.toEmail.padEnd(28)} ${q.comments} comment${q.comments === 1 ? "" : "s"}  (${q.outboxId})`,
      );
    }
    if (queued.length) lines.push(deliveredBy(queued.length));
    return lines;
  },
});
