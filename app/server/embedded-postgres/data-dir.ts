// The embedded server's data directory: where its files are, that the user
// "postgres" can reach it when we are root, and the superuser password kept beside it.
import { execFileSync, spawnSync } from "node:child_process";
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
  letPostgresReach([root, path.resolve("node_modules")]);
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

/** The uid and gid of the user "postgres", or null where there is none yet. */
function postgresUser(): { uid: number; gid: number } | null {
  const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The first of `dirs` (ordered from / down) the user "postgres" cannot enter, asked as that user. */
function firstBlocked(dirs: string[], user: { uid: number; gid: number } | null): string | undefined {
  if (!user) return dirs.find((d) => (fs.statSync(d).mode & 0o001) === 0);
  const script = 'for d; do [ -x "$d" ] || { printf "%s" "$d"; exit; }; done';
  const probe = spawnSync("/bin/sh", ["-c", script, "sh", ...dirs], { ...user, encoding: "utf8" });
  return probe.stdout || undefined;
}

/**
 * As root, Postgres runs as the user "postgres", which must be able to walk
 * down to its data directory and binaries; a clone under /root (mode 0700)
 * stops it. Grants it traverse on each folder in the way, and nothing more:
 * with a POSIX ACL for that user alone where `setfacl` exists, else o+x
 * (enter, not list), then says so in one line. Returns the folders changed.
 */
export function letPostgresReach(targets: string[]): string[] {
  if (process.getuid?.() !== 0) return [];
  const dirs = new Set<string>();
  for (const target of targets) {
    const chain: string[] = [];
    for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
      if (fs.existsSync(dir)) chain.unshift(dir);
      if (path.dirname(dir) === dir) break;
    }
    for (const d of chain) dirs.add(d);
  }
  const ordered = [...dirs].sort((a, b) => a.split(path.sep).length - b.split(path.sep).length);
  const user = postgresUser();
  const acl = user !== null && spawnSync("setfacl", ["--version"]).status === 0;
  const granted: string[] = [];
  // Top down: below a closed folder everything looks closed, so re-ask after each grant.
  for (let dir = firstBlocked(ordered, user); dir; dir = firstBlocked(ordered, user)) {
    if (granted.includes(dir)) throw cannotEnter(dir);
    try {
      if (acl) execFileSync("setfacl", ["-m", "u:postgres:x", dir]);
      else fs.chmodSync(dir, fs.statSync(dir).mode | 0o001);
    } catch {
      throw cannotEnter(dir);
    }
    granted.push(dir);
  }
  if (granted.length) {
    const how = acl ? "setfacl -m u:postgres:x" : "chmod o+x";
    console.log(
      `Let the postgres user enter ${granted.join(", ")} (${how}) so the embedded PostgreSQL reaches its files.`,
    );
  }
  return granted;
}

function cannotEnter(dir: string): Error {
  return new Error(
    [
      `The embedded PostgreSQL runs as the user "postgres" when started as root, and it cannot enter ${dir}.`,
      `Allow it with: chmod o+x ${dir}`,
      "or set DATABASE_URL to use your own PostgreSQL.",
    ].join("\n"),
  );
}
