// Whether the database is a fresh install (no users yet), the one case in which
// `npm start` and `npm run db:seed` add the demo.
import type { DB } from "~/utils/db.server";

export async function isFreshInstall(db: DB): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return !row;
}
