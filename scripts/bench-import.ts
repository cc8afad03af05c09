// `npm run bench:import [-- --rows 5000]`: times a CSV import of accounts and contacts (the
// preview, then the confirmed run) and the same file imported again, on a throwaway database.
import { performance } from "node:perf_hooks";
import { previewImport } from "../app/modules/import/preview-import.server";
import { runImport } from "../app/modules/import/run-import.server";
import { demoPlaybook, seedPlaybook } from "../app/server/demo/seed-playbook";
import { openBenchDatabase, runBench } from "./bench-database";
import { buildImportCsv } from "./import-fixture";

const NOW = new Date("2026-12-01T09:00:00Z");
const ms = (t: number) => `${(t / 1000).toFixed(2)} s`;

async function main(args: string[]): Promise<number> {
  const i = args.indexOf("--rows");
  const rows = i >= 0 ? Number(args[i + 1]) : 5000;
  if (!Number.isInteger(rows) || rows < 2) {
    console.error("Usage: npm run bench:import [-- --rows 5000]");
    return 2;
  }
  const bench = await openBenchDatabase("import");
  const { db } = bench;
  try {
    await seedPlaybook(db, demoPlaybook());
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
    const { csv } = buildImportCsv({
      rows,
      prefix: "bench",
      playbook: demoPlaybook().name,
      csmEmail: csm.email,
      withBadRows: rows >= 2000,
    });
    const actor = { id: admin.id, name: admin.name, role: "admin" as const, accountId: null };
    console.log(`File: ${rows} rows, ${(csv.length / 1024).toFixed(0)} KiB`);
    for (const label of ["First import", "Same file again"]) {
      const t0 = performance.now();
      const { importId, preview } = await previewImport(
        db,
        actor,
        { fileName: "bench.csv", bytes: new TextEncoder().encode(csv), defaultTimezone: "UTC" },
        NOW,
      );
      const t1 = performance.now();
      // What the page's poll would see while the run is under way.
      const seen = new Set<number>();
      const poll = setInterval(() => {
        db.selectFrom("account_imports")
          .select("processed_rows")
          .where("id", "=", importId)
          .executeTakeFirst()
          .then(
            (r) => r && seen.add(r.processed_rows),
            () => {},
          );
      }, 250);
      const s = await runImport(db, actor, { importId, sendInvitations: false, defaultTimezone: "UTC", ip: null }, NOW);
      const t2 = performance.now();
      clearInterval(poll);
      console.log(
        `${label}: preview ${ms(t1 - t0)} (create ${preview.counts.create}, update ${preview.counts.update}, ` +
          `skip ${preview.counts.skip}, errors ${preview.counts.error}); run ${ms(t2 - t1)} ` +
          `(${s.accountsCreated} accounts, ${s.contactsCreated} contacts, ${s.journeysStarted} journeys; ` +
          `progress polled every 0.25 s showed ${[...seen].sort((a, b) => a - b).join(", ") || "nothing"}); ` +
          `total ${ms(t2 - t0)}`,
      );
    }
    return 0;
  } finally {
    await bench.close();
  }
}

runBench(main);
