// `npm run db:migrate` and `npm run db:seed`: work on DATABASE_URL, or on the
// embedded PostgreSQL (joining a running `npm start`, or starting it for this run).
import { EnvError, parseEnv } from "~/utils/env.server";
import { openDatabase } from "./database";
import { isFreshInstall } from "./demo/is-fresh-install";
import { seedDemo } from "./demo/seed-demo";

async function main(command: string | undefined): Promise<number> {
  if (command !== "migrate" && command !== "seed") {
    console.error("Usage: npm run db:migrate, or npm run db:seed");
    return 2;
  }
  const env = parseEnv();
  const database = await openDatabase(env);
  try {
    console.log(
      database.applied.length
        ? `Applied migrations: ${database.applied.join(", ")}`
        : "The database schema is up to date.",
    );
    if (command === "seed") {
      if (!(await isFreshInstall(database.db))) {
        console.log("The database already has users; the demo data was not added.");
      } else {
        await seedDemo(database.db, new Date());
        console.log("Seeded the demo data.");
      }
    }
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof EnvError ? e.message : `Failed: ${e?.message ?? e}`);
    process.exit(1);
  },
);
