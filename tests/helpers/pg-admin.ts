// One statement on the server's maintenance database (CREATE/DROP DATABASE
// cannot run inside the pool's transactions).
import pg from "pg";

export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
