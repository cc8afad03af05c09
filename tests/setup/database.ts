// Gives each test file its own database, cloned from the migrated template that
// tests/run.ts prepared, so files run in parallel and in any order.
import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { adminQuery } from "../../app/server/pg-admin";

const adminUrl = process.env.TEST_PG_ADMIN_URL;
const template = process.env.TEST_PG_TEMPLATE;
if (!adminUrl || !template) {
  throw new Error("Run the tests with `npm test`, which prepares the test databases.");
}

const name = `waypoint_t_${randomBytes(6).toString("hex")}`;

const admin = (text: string) => adminQuery(adminUrl, text);

for (let attempt = 0; ; attempt++) {
  try {
    await admin(`create database ${name} template ${template}`);
    break;
  } catch (e) {
    // Another worker may be cloning the template at this very moment.
    if (attempt >= 20 || !/being accessed by other users/.test(String(e))) throw e;
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
  }
}

const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();

afterAll(async () => {
  const { closeDb } = await import("../../app/utils/db.server");
  await closeDb();
  await admin(`drop database if exists ${name} with (force)`);
});
