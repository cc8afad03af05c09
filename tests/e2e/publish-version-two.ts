// Test setup for tests/e2e/playbook-upgrade.e2e.ts, run beside the portal (runPortalCommand):
// publishes version 2 of the demo playbook with one new Onboarding milestone, through the
// same domain functions as the studio and the CLI (its title is the first argument), and prints
// the playbook's id as JSON.

import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import { findPlaybookByName } from "~/modules/playbooks/latest-playbook-version.server";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { openDatabase } from "~/server/database";
import { demoPlaybook } from "~/server/demo/seed-playbook";
import { parseEnv } from "~/utils/env.server";

async function main(title: string): Promise<void> {
  const database = await openDatabase(parseEnv(), () => {});
  try {
    const found = await findPlaybookByName(database.db, demoPlaybook().name);
    if (!found?.latest) throw new Error("The demo playbook has no published version");
    const doc = structuredClone(found.latest.document);
    const onboarding = doc.stages.find((s) => s.key === "onboarding");
    if (!onboarding) throw new Error("The demo playbook has no onboarding stage");
    onboarding.milestones.push({
      key: "data-retention-policy",
      title,
      description: "Decide how long your data is kept, and who may delete it.",
      ownerSide: "customer",
      ownerRole: "champion",
      dueOffsetDays: 40,
      dueFrom: "journey_start",
      dueOffsetKind: "calendar",
      required: true,
      visibility: "customer",
      firstValue: false,
      resources: [],
    });
    await importPlaybook(database.db, doc);
    const { number } = await publishPlaybook(
      database.db,
      { playbookId: found.id, note: "A data retention step in Onboarding" },
      new Date(),
    );
    console.log(JSON.stringify({ playbookId: found.id, number }));
  } finally {
    await database.close();
  }
}

main(process.argv[2] ?? "New step").then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
