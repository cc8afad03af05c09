// The upgrade page over HTTP: a bad choice or an unconfirmed apply is a 400 with its message
// and writes nothing; a confirmed apply upgrades the chosen journeys and says how many.
import { afterAll, beforeAll, expect, it } from "vitest";
import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import { playbookDocumentSchema } from "~/modules/playbooks/playbook-document";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { db, makeAccount, makePlaybook, makeStaff, milestoneSeed, sessionCookie, smallPlaybook } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let cookie: string;
let playbookId: string;
let versionId: string;
let journeyIds: string[];

beforeAll(async () => {
  server = await startTestServer();
  const admin = await makeStaff({ role: "admin" });
  cookie = await sessionCookie(admin.id);
  const csm = await makeStaff();
  const doc = smallPlaybook();
  playbookId = await makePlaybook(doc);
  journeyIds = [];
  for (let i = 0; i < 2; i++) journeyIds.push((await makeAccount({ csmId: csm.id, playbookId })).journeyId);
  doc.stages[1].milestones.push(milestoneSeed("New step", "customer", "customer", 12, true));
  await importPlaybook(db(), playbookDocumentSchema.parse(doc));
  versionId = (await publishPlaybook(db(), { playbookId, note: "New step" }, new Date())).versionId;
});

afterAll(async () => {
  await server?.close();
});

const versions = () =>
  db().selectFrom("journeys").select("playbook_version_id").where("id", "in", journeyIds).execute();

it("refuses a bad choice with a 400 and its message", async () => {
  const res = await server.get(`/admin/playbooks/${playbookId}/upgrade?to=not-a-version`, cookie);
  expect(res.status).toBe(400);
  expect(await res.text()).toContain("Choose a version from the list.");
  const page = await server.get(`/admin/playbooks/${playbookId}/upgrade?to=${versionId}`, cookie);
  expect(page.status).toBe(200);
});

it("refuses an unconfirmed apply and writes nothing, then applies a confirmed one", async () => {
  const before = await versions();
  const path = `/admin/playbooks/${playbookId}/upgrade`;
  const refused = await server.post(path, { intent: "apply", to: versionId }, { cookie });
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain("Tick the box to confirm");
  expect(await versions()).toEqual(before);
  expect(
    await db().selectFrom("playbook_upgrades").select("id").where("playbook_id", "=", playbookId).execute(),
  ).toEqual([]);

  const done = await server.post(path, { intent: "apply", to: versionId, confirm: "on" }, { cookie });
  expect(done.status).toBe(200);
  expect(await done.text()).toContain("Upgraded 2 journeys: 2 milestones added");
  expect((await versions()).map((v) => v.playbook_version_id)).toEqual([versionId, versionId]);
});
