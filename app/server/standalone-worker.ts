// `npm run worker`: the background worker (app/worker/run-worker.ts) in a process of its own, for more
// machines. Any number may run on one Postgres; a row is claimed before it is sent, so none is sent twice.
import { EnvError, parseEnv } from "~/utils/env.server";
import { startWorker } from "~/worker/run-worker";
import { openDatabase } from "./database";

async function main(): Promise<void> {
  const env = parseEnv();
  // Our own signal handling: stop taking jobs, then the pool, then Postgres if ours.
  const database = await openDatabase(env, console.log, { ownSignals: true });
  const runner = await startWorker({ db: database.db, env });
  console.log(
    `Worker running: delivering email ${env.RESEND_API_KEY ? "through Resend" : "to the outbox only (RESEND_API_KEY is unset)"}, nudge sweep hourly. Ctrl-C to stop.`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received; finishing the jobs in hand...`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await runner.stop();
    await database.close();
    console.log("Worker stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  await runner.promise;
}

main().catch((e) => {
  console.error(e instanceof EnvError ? e.message : `The worker stopped: ${e?.message ?? e}`);
  process.exit(1);
});
