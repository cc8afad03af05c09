// The demo playbook ships with the project as db/seed/saas-playbook.yaml and is
// loaded through the same importer as any playbook file, then published as
// version 1. Used by the demo seed, the benchmarks and the test factories.
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import {
  type PlaybookDocument,
  type PlaybookDocumentInput,
  playbookDocumentSchema,
} from "~/modules/playbooks/playbook-document";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { readPlaybookFile } from "../playbook-file";

/** Read relative to this file, so the demo works from any working directory. */
export const DEMO_PLAYBOOK_FILE = fileURLToPath(new URL("../../../db/seed/saas-playbook.yaml", import.meta.url));

let demo: PlaybookDocument | undefined;

/** The demo playbook's document, read once. */
export function demoPlaybook(): PlaybookDocument {
  demo ??= readPlaybookFile(DEMO_PLAYBOOK_FILE);
  return demo;
}

/** Imports a playbook document and publishes it as its first version; returns the playbook's id. */
export async function seedPlaybook(
  db: Kysely<Database>,
  playbook: PlaybookDocumentInput = demoPlaybook(),
  now = new Date(),
): Promise<string> {
  const document = playbookDocumentSchema.parse(playbook);
  const { playbookId } = await importPlaybook(db, document);
  await publishPlaybook(db, { playbookId, note: "First version." }, now);
  return playbookId;
}
