// How we reach the embedded server: as the superuser "postgres" with the data
// directory's password, over TCP on 127.0.0.1 only (no Unix socket).
import pg from "pg";

export const SUPERUSER = "postgres";

export function urlFor(port: number, password: string, database: string): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

function client(port: number, password: string, extra: pg.ClientConfig = {}): pg.Client {
  return new pg.Client({ host: "127.0.0.1", port, user: SUPERUSER, password, database: "postgres", ...extra });
}

/** Whether a server on `port` accepts our password, i.e. is up and is the one for our data directory. */
export async function canConnect(port: number, password: string): Promise<boolean> {
  const c = client(port, password, { connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Creates the application database on first use. */
export async function ensureDatabase(port: number, password: string, database: string): Promise<void> {
  const c = client(port, password);
  await c.connect();
  try {
    const { rowCount } = await c.query("select 1 from pg_database where datname = $1", [database]);
    if (!rowCount) await c.query(`create database ${c.escapeIdentifier(database)}`);
  } finally {
    await c.end();
  }
}
