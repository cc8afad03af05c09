// What the staff's account page reads, in one statement (ADR 019): the journey, with its health,
// its timeline, the people who may own a step and the newest survey answers folded in as JSON. The journey's
// statement finds the account within the viewer's scope first, so the folded reads need no scope
// of their own: outside it, nothing comes back at all.
import { sql } from "kysely";
import { type Actor, mayChange } from "~/modules/accounts/access.server";
import { ownerCandidatesFromJson, ownerCandidatesJson } from "~/modules/accounts/list-owner-candidates.server";
import { type JourneyHealth, journeyHealthJson } from "~/modules/insights/get-account-health.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { timelineFromJson, timelineJson } from "~/modules/journeys/get-timeline.server";
import { accountPulseFromJson, accountPulseJson } from "~/modules/pulse/list-account-pulse.server";
import type { DB } from "~/utils/db.server";

/** The survey answers the account page shows. */
export const PULSE_SHOWN = 5;

export async function readAccountPage(
  db: DB,
  actor: Actor,
  accountId: string,
  timelineLimit: number | null,
  now: Date,
) {
  // A viewer reads the page without the controls, so without the owner picker.
  const canEdit = mayChange(actor);
  const view = await getJourney(
    db,
    actor,
    accountId,
    now,
    (journeyId) =>
      sql<{ timeline: unknown; owners: unknown; pulse: unknown; health: JourneyHealth | null }>`json_build_object(
      'health', ${journeyHealthJson(journeyId, now)},
      'timeline', ${timelineJson(journeyId, accountId, actor.role, timelineLimit)},
      'owners', ${canEdit ? ownerCandidatesJson(db, accountId) : sql`'[]'::json`},
      'pulse', ${accountPulseJson(journeyId, PULSE_SHOWN)})`,
  );
  if (!view?.extra) return null;
  const { extra, ...journey } = view;
  return {
    view: journey,
    timeline: timelineFromJson(extra.timeline as Parameters<typeof timelineFromJson>[0]),
    owners: ownerCandidatesFromJson(extra.owners as Parameters<typeof ownerCandidatesFromJson>[0]),
    pulse: accountPulseFromJson(extra.pulse as Parameters<typeof accountPulseFromJson>[0]),
    /** By the same SQL as /insights and the portfolio; null when the journey is not running. */
    health: extra.health,
    canEdit,
  };
}
