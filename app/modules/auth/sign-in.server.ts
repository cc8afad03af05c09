// Password sign-in: checks the credentials and opens a fresh session.
// Every failure gives the same answer, so it does not reveal which addresses exist.
import type { DB } from "~/utils/db.server";
import { verifyPassword } from "./password.server";
import { createSession } from "./session.server";

export type SignInResult =
  | { ok: true; token: string; userId: string; role: "admin" | "csm" | "customer" }
  | { ok: false; error: string };

export async function signInWithPassword(
  db: DB,
  input: { email: string; password: string; userAgent?: string | null },
  now: Date,
): Promise<SignInResult> {
  const user = await db
    .selectFrom("users")
    .select(["id", "role", "password_hash", "deactivated_at"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", input.email.trim().toLowerCase()))
    .executeTakeFirst();

  const valid = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !valid || user.deactivated_at) {
    return { ok: false, error: "That email and password do not match an active account." };
  }
  const token = await createSession(db, user.id, now, input.userAgent ?? null);
  await db.updateTable("users").set({ last_seen_at: now }).where("id", "=", user.id).execute();
  return { ok: true, token, userId: user.id, role: user.role };
}
