// Reads one outbox row as the worker would render it, for tests that check what an email says.
import { emailContext } from "../../app/modules/email/email-context.server";
import { renderOutboxEmail } from "../../app/modules/email/render-email.server";
import { parseEnv } from "../../app/utils/env.server";
import { db } from "../factories";

export async function renderedOutboxEmail(outboxId: string, appUrl = "http://portal.test") {
  const row = await db()
    .selectFrom("email_outbox as o")
    .innerJoin("users as u", "u.id", "o.recipient_user_id")
    .selectAll("o")
    .select(["u.name as recipient_name", "u.role as recipient_role"])
    .where("o.id", "=", outboxId)
    .executeTakeFirstOrThrow();
  const ctx = await emailContext(db(), parseEnv({ APP_URL: appUrl }));
  return { row, email: await renderOutboxEmail(row, ctx) };
}
