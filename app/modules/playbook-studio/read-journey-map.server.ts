// The journey map page's data: the chosen state of the playbook (latest version,
// version N, or the draft) drawn as a map, with the workspace's reminder rules.
import { DUE_WITHIN_DAYS, SAME_MILESTONE_EVERY_DAYS } from "~/modules/email/run-nudge-sweep.server";
import {
  type PlaybookChoice,
  readPlaybookDocument,
  type ShownPlaybook,
} from "~/modules/playbooks/read-playbook-document.server";
import { getWorkspace } from "~/modules/workspace/workspace-settings.server";
import type { DB } from "~/utils/db.server";
import type { Env } from "~/utils/env.server";
import { buildJourneyMap, type JourneyMap } from "./build-journey-map";

export interface JourneyMapView extends Omit<ShownPlaybook, "document"> {
  map: JourneyMap;
}

export async function readJourneyMap(
  db: DB,
  env: Env,
  playbookId: string,
  choice: PlaybookChoice,
): Promise<JourneyMapView> {
  const { document, ...shown } = await readPlaybookDocument(db, playbookId, choice);
  const workspace = await getWorkspace(db, env);
  const map = buildJourneyMap(document, {
    remindFromDaysBefore: DUE_WITHIN_DAYS,
    remindEveryDays: SAME_MILESTONE_EVERY_DAYS,
    escalationDays: workspace.nudges.escalationDays,
    vendorName: workspace.vendorName,
  });
  return { ...shown, map };
}
