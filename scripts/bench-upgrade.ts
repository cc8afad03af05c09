// `npm run bench:upgrade [-- --journeys 1000]`: times upgrading running journeys to a new playbook
// version (the preview, then the run in batches with its progress polled, then the same run again),
// on a throwaway database. Issue 11's goal: 1,000 journeys in under 30 s (ADR 036).
import { performance } from "node:perf_hooks";
import { previewImport } from "../app/modules/import/preview-import.server";
import { runImport } from "../app/modules/import/run-import.server";
import { importPlaybook } from "../app/modules/playbooks/import-playbook.server";
import { playbookDocumentSchema } from "../app/modules/playbooks/playbook-document";
import { publishPlaybook } from "../app/modules/playbooks/publish-playbook.server";
import { previewUpgrade } from "../app/modules/upgrades/preview-upgrade.server";
import { runUpgrade } from "../app/modules/upgrades/run-upgrade.server";
import { startUpgrade } from "../app/modules/upgrades/start-upgrade.server";
import { demoPlaybook, seedPlaybook } from "../app/server/demo/seed-playbook";
import { openBenchDatabase, runBench } from "./bench-database";
import { buildImportCsv } from "./import-fixture";

const NOW = new Date("2026-12-01T09:00:00Z");
const s = (t: number) => `${(t / 1000).toFixed(2)} s`;

async function main(args: string[]): Promise<number> {
  const i = args.indexOf("--journeys");
  const journeys = i >= 0 ? Number(args[i + 1]) : 1000;
  if (!Number.isInteger(journeys) || journeys < 1) {
    console.error("Usage: npm run bench:upgrade [-- --journeys 1000]");
    return 2;
  }
  const bench = await openBenchDatabase("upgrade");
  const { db } = bench;
  try {
    const v1 = demoPlaybook();
    const playbookId = await seedPlaybook(db, v1, NOW);
    const admin = await db
      .insertInto("users")
      .values({ email: "admin@bench.example", name: "Bench Admin", role: "admin" })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    const csm = await db
      .insertInto("users")
      .values({ email: "csm@bench.example", name: "Bench CSM", role: "csm", team_function: "csm" })
      .returning("email")
      .executeTakeFirstOrThrow();
    const actor = { id: admin.id, name: admin.name, role: "admin" as const, accountId: null };
    // The journeys, started the way an import starts them (two contacts per account).
    const t0 = performance.now();
    const { csv } = buildImportCsv({ rows: journeys * 2, prefix: "up", playbook: v1.name, csmEmail: csm.email });
    const { importId } = await previewImport(
      db,
      actor,
      { fileName: "bench.csv", bytes: new TextEncoder().encode(csv), defaultTimezone: "UTC" },
      NOW,
    );
    await runImport(db, actor, { importId, sendInvitations: false, defaultTimezone: "UTC", ip: null }, NOW);
    console.log(`Set-up: ${journeys} journeys on version 1 in ${s(performance.now() - t0)}`);

    // Version 2: a new required step in the first stage (passed by none yet) and in the last,
    // one step reworded, one re-dated and one removed, a new stage after the first and the second renamed.
    const v2 = structuredClone(v1);
    const first = v2.stages[0];
    const last = v2.stages[v2.stages.length - 1];
    first.milestones.push({ ...first.milestones[0], key: "bench-new-first", title: "Security review", resources: [] });
    last.milestones.push({ ...last.milestones[0], key: "bench-new-last", title: "Renewal plan", resources: [] });
    first.milestones[0] = { ...first.milestones[0], title: `${first.milestones[0].title} (updated)` };
    v2.stages[1].milestones[0] = {
      ...v2.stages[1].milestones[0],
      dueOffsetDays: v2.stages[1].milestones[0].dueOffsetDays + 2,
    };
    v2.stages[1].milestones = v2.stages[1].milestones.filter((_, k) => k !== 1 || v2.stages[1].milestones.length < 2);
    v2.stages[1] = { ...v2.stages[1], name: `${v2.stages[1].name} (renamed)` };
    v2.stages.splice(1, 0, {
      ...v2.stages[0],
      key: "bench-new-stage",
      name: "Security",
      email: undefined,
      milestones: [{ ...first.milestones[1], key: "bench-new-stage-step", title: "Pen test", resources: [] }],
    });
    await importPlaybook(db, playbookDocumentSchema.parse(v2));
    const { versionId } = await publishPlaybook(db, { playbookId, note: "Bench version 2" }, NOW);

    const t1 = performance.now();
    const preview = await previewUpgrade(db, { playbookId, toVersionId: versionId, filter: {} });
    const t2 = performance.now();
    console.log(
      `Preview: ${preview.total} journeys (${preview.withChanges} with changes, ${preview.journeys.length} shown) in ${s(t2 - t1)}`,
    );

    for (const label of ["Upgrade", "Same upgrade again"]) {
      const t3 = performance.now();
      let started: { upgradeId: string; total: number };
      try {
        started = await startUpgrade(db, actor, { playbookId, toVersionId: versionId, filter: {} }, NOW);
      } catch (e) {
        // Nothing left to choose: the repeat is refused before any write.
        console.log(`${label}: refused in ${s(performance.now() - t3)}: ${(e as Error).message}`);
        continue;
      }
      const seen = new Set<number>();
      const poll = setInterval(() => {
        db.selectFrom("playbook_upgrades")
          .select("processed")
          .where("id", "=", started.upgradeId)
          .executeTakeFirst()
          .then((r) => r && seen.add(r.processed))
          .catch(() => {});
      }, 250);
      const r = await runUpgrade(db, started.upgradeId, () => NOW);
      clearInterval(poll);
      const t4 = performance.now();
      console.log(
        `${label}: ${r.upgraded} journeys upgraded, ${r.skipped} skipped; ${r.stagesAdded} stages added, ` +
          `${r.stagesChanged} renamed; ${r.milestonesAdded} milestones added, ` +
          `${r.milestonesChanged} changed, ${r.milestonesRetired} retired in ${s(t4 - t3)} ` +
          `(${((t4 - t3) / Math.max(1, started.total)).toFixed(1)} ms a journey; progress polled every 0.25 s showed ` +
          `${[...seen].sort((a, b) => a - b).join(", ") || "nothing"})`,
      );
    }
    return 0;
  } finally {
    await bench.close();
  }
}

runBench(main);
