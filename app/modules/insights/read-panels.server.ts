// The six panels of /insights for one filter, read at once on separate connections: the page and
// the versions compared read them the same way.
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { getAccountHealth } from "./get-account-health.server";
import { getBottleneckMilestones } from "./get-bottleneck-milestones.server";
import { getDelayBySide } from "./get-delay-by-side.server";
import { getStageFunnel } from "./get-stage-funnel.server";
import { getTimeToFirstValue } from "./get-time-to-first-value.server";
import { getVoiceOfCustomer } from "./get-voice-of-customer.server";
import type { InsightsFilter } from "./insights-filter";

export async function readPanels(db: DB, actor: Actor, filter: InsightsFilter, now: Date) {
  const [funnel, health, firstValue, bottlenecks, delay, voice] = await Promise.all([
    getStageFunnel(db, actor, filter, now),
    getAccountHealth(db, actor, filter, now),
    getTimeToFirstValue(db, actor, filter, now),
    getBottleneckMilestones(db, actor, filter, now),
    getDelayBySide(db, actor, filter, now),
    getVoiceOfCustomer(db, actor, filter, now),
  ]);
  return { funnel, health, firstValue, bottlenecks, delay, voice };
}
