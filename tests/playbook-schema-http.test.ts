// /playbook.schema.json: the JSON Schema editors check a playbook file with,
// served to anyone, cacheable, and the same as the importer's zod schema.
import { afterAll, beforeAll, expect, it } from "vitest";
import { playbookJsonSchema } from "~/modules/playbooks/playbook-document";
import { makeStaff } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  // An admin exists, so the first-run gate is open as on any set-up portal.
  await makeStaff({ role: "admin" });
});

afterAll(async () => {
  await server?.close();
});

it("serves the generated schema publicly, cacheable, and answers a matching ETag with 304", async () => {
  const res = await server.get("/playbook.schema.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/schema+json; charset=utf-8");
  expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
  expect(await res.json()).toEqual(playbookJsonSchema());
  const etag = res.headers.get("etag");
  expect(etag).toMatch(/^"[\w-]+"$/);
  const again = await fetch(`${server.url}/playbook.schema.json`, { headers: { "if-none-match": etag! } });
  expect(again.status).toBe(304);
  const other = await fetch(`${server.url}/playbook.schema.json`, { headers: { "if-none-match": '"other"' } });
  expect(other.status).toBe(200);
});
