// `npm run nudges [-- --at 2026-12-01T10:00:00Z]`: one nudge sweep as of now or
// the given time; prints what it queued. The worker delivers what it queued.
import { runNudgeSweep } from "~/modules/email/run-nudge-sweep.server";
import { deliveredBy, runSweepCommand } from "./sweep-command";

runSweepCommand({
  script: "nudges",
  what: "The nudge sweep",
  sweep: async (db, at, rules) => {
    const queued = await runNudgeSweep(db, at, rules);
    const lines = [
      `Nudge sweep as of ${at.toISOString()} (working hours ${rules.startHour}-${rules.endHour}, days ${rules.firstDay}-${rules.lastDay}, escalation after ${rules.escalationDays} days)`,
    ];
    if (queued.length === 0) lines.push("Queued nothing: no one is due a reminder at that time.");
    for (const q of queued) {
      const what = q.kind === "nudge_digest" ? "reminder digest" : "escalation";
      lines.push(
        `  queued ${what.padEnd(15)} to ${q.toEmail.padEnd(28)} ${q.items} item${q.items === 1 ? "" : "s"}  (${q.outboxId})`,
      );
    }
    if (queued.length) lines.push(deliveredBy(queued.length));
    return lines;
  },
});
