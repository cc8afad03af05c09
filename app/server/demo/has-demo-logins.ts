// Whether the demo's logins exist (its first login, with a password), so the
// start-up banner may list them.
import { DEMO_LOGINS } from "#db/seed/demo";
import type { DB } from "~/utils/db.server";

export async function hasDemoLogins(db: DB): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", DEMO_LOGINS[0].email)
    .where("password_hash", "is not", null)
    .executeTakeFirst();
  return !!row;
}
