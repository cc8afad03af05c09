// Statements on a server's maintenance database (CREATE/DROP DATABASE cannot
// run inside a pool's transactions), for the test runner and the benchmark.
import pg from "pg";

/** Runs one statement on its own connection and returns its rows. */
export async function adminQuery<T = unknown>(adminUrl: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
