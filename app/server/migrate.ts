// Runs the migrations listed in db/migrations/index.ts, in order, once each,
// then graphile-worker's own, so jobs can be queued in any transaction.
import { Logger, runMigrations as runWorkerMigrations } from "graphile-worker";
import { type Kysely, Migrator } from "kysely";
import { poolOf } from "~/utils/db.server";
import { migrations } from "../../db/migrations/index";

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${(error as Error).message ?? error}`);
  }
  await runWorkerMigrations({ pgPool: poolOf(db), logger: quietLogger });
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`graphile-worker: ${message}`);
});
