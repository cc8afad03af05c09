// The embedded server's data directory: where its files are, that the user
// "postgres" can reach it when we are root, and the superuser password kept beside it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface DataDir {
  root: string;
  /** The cluster itself (PG_VERSION, postmaster.pid). */
  pgDir: string;
  /** Which process started the server: `{ pid }`, removed when it stops it. */
  ownerFile: string;
  /** The port of the last persistent run, reused so URLs stay stable. */
  stateFile: string;
  /** The superuser password. */
  password: string;
}

/** Creates the directory if needed and checks it can be used; throws with what to do when not. */
export function prepareDataDir(dataDir: string): DataDir {
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, "postgres");
  fs.mkdirSync(root, { recursive: true });
  checkTraversable(root);
  checkTraversable(path.resolve("node_modules"));
  return {
    root,
    pgDir,
    ownerFile: path.join(root, "postgres.owner.json"),
    stateFile: path.join(root, "postgres.json"),
    password: readOrCreatePassword(root, pgDir),
  };
}

/** A small JSON file we wrote, or null when it is missing or torn. */
export function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/**
 * The superuser password: random per data directory, kept beside it readable
 * only by its owner, so other local users cannot log in to the server.
 */
function readOrCreatePassword(root: string, pgDir: string): string {
  const file = path.join(root, "postgres.password");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  if (fs.existsSync(path.join(pgDir, "PG_VERSION"))) {
    throw new Error(`${file} is missing, so Waypoint cannot log in to the database in ${pgDir}.`);
  }
  const password = randomBytes(24).toString("base64url");
  fs.writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/**
 * As root, Postgres runs as the user "postgres", which must be able to walk
 * down to its data directory and binaries. Names every directory it cannot.
 */
function checkTraversable(target: string): void {
  if (process.getuid?.() !== 0) return;
  const blocked: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) blocked.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  if (blocked.length) {
    throw new Error(
      [
        `The embedded PostgreSQL runs as the user "postgres" when started as root, and it cannot enter ${blocked.join(", ")}.`,
        `Allow it with: chmod o+x ${blocked.join(" ")}`,
        "or set DATABASE_URL to use your own PostgreSQL.",
      ].join("\n"),
    );
  }
}
