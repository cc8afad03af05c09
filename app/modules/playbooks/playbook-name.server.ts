// A playbook's name: one line, and unique whatever its case, because the CSV
// import finds a playbook by its name without regard to case.
import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema";
import { InputError } from "~/utils/errors.server";
import { playbookDocumentSchema } from "./playbook-document";

/** The name as checked by the playbook schema, or an InputError on `field`. */
export function checkPlaybookName(name: string, field = "name"): string {
  const checked = playbookDocumentSchema.shape.name.safeParse(name);
  if (!checked.success) throw new InputError(checked.error.issues[0]!.message, field);
  return checked.data;
}

/** Whether another playbook (than `exceptId`) already has this name, in any case. */
export async function playbookNameTaken(trx: Kysely<Database>, name: string, exceptId?: string): Promise<boolean> {
  const row = await trx
    .selectFrom("playbooks")
    .select("id")
    .where(sql`lower(name)`, "=", name.toLowerCase())
    .$if(!!exceptId, (q) => q.where("id", "<>", exceptId!))
    .executeTakeFirst();
  return !!row;
}

export function nameTakenMessage(name: string): string {
  return `A playbook named "${name}" exists already; choose another name.`;
}

/** A unique violation on playbooks.name (two admins creating one name at once) as the same message. */
export function isNameClash(e: unknown): boolean {
  return (
    !!e &&
    typeof e === "object" &&
    (e as { code?: string }).code === "23505" &&
    String((e as { constraint?: string }).constraint ?? "").startsWith("playbooks_name")
  );
}
