// The import over HTTP: a multipart upload from an Excel-style file, the preview
// page with each bad row's error, the confirmation, the template, and a 400
// with a message for a file that cannot be read.
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildImportCsv } from "../scripts/import-fixture";
import { db, makePlaybook, makeStaff, sessionCookie, smallPlaybook } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let cookie: string;
let playbook: string;
let csmEmail: string;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await makeStaff({ role: "admin" });
  cookie = await sessionCookie(admin.id);
  const seed = smallPlaybook();
  playbook = seed.name;
  await makePlaybook(seed);
  csmEmail = (await makeStaff()).email;
});

afterAll(async () => {
  await server?.close();
});

function upload(bytes: string, name = "accounts.csv") {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "text/csv" }), name);
  return fetch(`${server.url}/admin/import`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, origin: server.url },
    body: form,
  });
}

it("uploads a large file, previews its bad rows, and imports the rest when confirmed", async () => {
  // 2,000 rows is about 300 KiB: past the 64 KiB every other form gets.
  const { csv, bad } = buildImportCsv({ rows: 2000, prefix: "http", playbook, csmEmail, withBadRows: true });
  const res = await upload(csv);
  expect(res.status).toBe(302);
  const location = res.headers.get("location")!;
  expect(location).toMatch(/^\/admin\/import\/[0-9a-f-]{36}$/);

  const page = await (await server.get(location, cookie)).text();
  expect(page).toContain("With errors");
  for (const line of bad.keys()) expect(page).toContain(`Row ${line}`);
  expect(page).toContain("Unknown CSM &quot;nobody@vendor.example&quot;");
  expect(page).toContain("Bad timezone &quot;Mars/Olympus&quot;");
  expect(await db().selectFrom("accounts").select("id").where("external_id", "like", "http-%").execute()).toEqual([]);

  const confirmed = await server.post(location, { intent: "confirm" }, { cookie });
  expect(confirmed.status).toBe(200);
  expect(await confirmed.text()).toContain("Imported: 1000 accounts created");
  const accounts = await db().selectFrom("accounts").select("id").where("external_id", "like", "http-%").execute();
  expect(accounts).toHaveLength(1000);

  const again = await server.post(location, { intent: "confirm" }, { cookie });
  expect(again.status).toBe(400);
  expect(await again.text()).toContain("This import has already run.");
});

it("answers a file it cannot read with a 400 and a message, and writes nothing", async () => {
  const before = await db().selectFrom("account_imports").select("id").execute();
  const res = await upload("name,email\nAcme,a@acme.example\n");
  expect(res.status).toBe(400);
  expect(await res.text()).toContain("The file has no external_id, account_name, start_date, playbook column");
  const empty = await upload("");
  expect(empty.status).toBe(400);
  expect(await db().selectFrom("account_imports").select("id").execute()).toHaveLength(before.length);
});

it("serves the template as a CSV download", async () => {
  const res = await server.get("/admin/import/template", cookie);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(res.headers.get("content-disposition")).toContain("attachment");
  const text = await res.text();
  expect(text.split("\r\n")[0]).toBe(
    "external_id,account_name,domain,timezone,csm_email,segment,start_date,playbook,contact_email,contact_name,contact_job_title",
  );
});

it("answers an unknown import with a 404", async () => {
  expect((await server.get("/admin/import/00000000-0000-0000-0000-000000000000", cookie)).status).toBe(404);
  expect((await server.get("/admin/import/not-a-uuid", cookie)).status).toBe(404);
});
