// Everything the insights page shows (issue 13): every panel for one filter, run in parallel,
// the choices its filter form offers (limited to what the actor may see), and, when asked,
// two versions of the filter's playbook side by side.
import { type Actor, seesAllAccounts } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { InputError } from "~/utils/errors.server";
import { compareVersions, type VersionsCompared } from "./compare-versions.server";
import type { InsightsFilter } from "./insights-filter";
import { assertMaySeeInsights } from "./insights-scope.server";
import { readPanels } from "./read-panels.server";

export interface InsightsChoices {
  playbooks: { id: string; name: string; versions: { id: string; number: number }[] }[];
  csms: { id: string; name: string }[];
  segments: string[];
}

export async function getInsightsChoices(db: DB, actor: Actor): Promise<InsightsChoices> {
  assertMaySeeInsights(actor);
  const [playbooks, versions, csms, segments] = await Promise.all([
    db.selectFrom("playbooks").select(["id", "name"]).orderBy("name").execute(),
    db.selectFrom("playbook_versions").select(["id", "playbook_id", "number"]).orderBy("number").execute(),
    db
      .selectFrom("users")
      .select(["id", "name"])
      .where("role", "=", "csm")
      .$if(!seesAllAccounts(actor), (q) => q.where("id", "=", actor.id))
      .orderBy("name")
      .execute(),
    db
      .selectFrom("accounts")
      .select("segment")
      .distinct()
      .where("segment", "is not", null)
      .where("archived_at", "is", null)
      .$if(!seesAllAccounts(actor), (q) => q.where("csm_id", "=", actor.id))
      .orderBy("segment")
      .execute(),
  ]);
  return {
    playbooks: playbooks.map((p) => ({
      ...p,
      versions: versions.filter((v) => v.playbook_id === p.id).map((v) => ({ id: v.id, number: v.number })),
    })),
    csms,
    segments: segments.map((s) => s.segment).filter((s): s is string => s !== null),
  };
}

/** Every panel for `filter`; with `compareWith`, the filter's version against that one (docs/metrics.md). */
export async function getInsights(db: DB, actor: Actor, filter: InsightsFilter, now: Date, compareWith?: string) {
  assertMaySeeInsights(actor);
  let compared: Promise<VersionsCompared | null> = Promise.resolve(null);
  if (compareWith) {
    if (!filter.playbookId || !filter.versionId) {
      throw new InputError("To compare versions, choose a playbook and one of its versions first.", "compare");
    }
    const { versionId, ...rest } = filter;
    compared = compareVersions(
      db,
      actor,
      { playbookId: filter.playbookId, versionA: versionId, versionB: compareWith, filter: rest },
      now,
    );
  }
  const [panels, choices, versions] = await Promise.all([
    readPanels(db, actor, filter, now),
    getInsightsChoices(db, actor),
    compared,
  ]);
  return { ...panels, choices, compared: versions };
}

export type Insights = Awaited<ReturnType<typeof getInsights>>;
