// `npm run admin:create -- --email … --name … [--password-stdin]`: the first admin
// from a shell, for scripted installs. Exit 0 created, 1 refused, 2 bad arguments.
import { createFirstAdminFromShell } from "~/modules/auth/create-first-admin.server";
import { firstAdminFields } from "~/modules/auth/first-admin-fields";
import { appUrl, EnvError, parseEnv } from "~/utils/env.server";
import { InputError } from "~/utils/errors.server";
import { openDatabase } from "./database";

const USAGE =
  'Usage: npm run admin:create -- --email you@example.com --name "Your Name" [--password-stdin]\n' +
  "  --password-stdin  read the password from standard input (without it, a sign-in link is printed)";

class UsageError extends Error {}

function parseArgs(args: string[]): { email: string; name: string; passwordStdin: boolean } {
  const values: Record<string, string> = {};
  let passwordStdin = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--password-stdin") passwordStdin = true;
    else if (arg === "--email" || arg === "--name") {
      const value = args[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`${arg} needs a value.\n${USAGE}`);
      values[arg.slice(2)] = value;
    } else if (arg === "--help" || arg === "-h") throw new UsageError(USAGE);
    // A password on the command line would sit in the shell history and the process list.
    else if (arg === "--password")
      throw new UsageError(`Pass the password on standard input with --password-stdin.\n${USAGE}`);
    else throw new UsageError(`Unknown argument ${arg}.\n${USAGE}`);
  }
  if (values.email === undefined || values.name === undefined) throw new UsageError(USAGE);
  return { email: values.email, name: values.name, passwordStdin };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // `echo secret | …` and here-strings end with a newline that is not part of it.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  const password = parsed.passwordStdin ? await readStdin() : "";
  if (parsed.passwordStdin && !password) throw new UsageError("--password-stdin read an empty password.");
  const fields = firstAdminFields.safeParse({ name: parsed.name, email: parsed.email, password });
  if (!fields.success)
    throw new UsageError(fields.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("\n"));
  const env = parseEnv();
  const database = await openDatabase(env, () => {});
  try {
    const created = await createFirstAdminFromShell(
      database.db,
      { name: fields.data.name, email: fields.data.email, password: fields.data.password || null },
      new Date(),
    );
    const base = appUrl(env);
    console.log(`Created the first admin: ${fields.data.name} <${fields.data.email.toLowerCase()}>.`);
    if (created.invitationToken) {
      console.log("Open this link within 7 days to sign in (you may choose a password there):");
      console.log(`  ${base}/invitations/accept?token=${created.invitationToken}`);
    } else {
      console.log(`Sign in at ${base}/login with that email and password.`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    console.error(e.message);
    return 1;
  } finally {
    await database.close();
  }
}

// Explicit exits: the embedded PostgreSQL's exit hook ignores process.exitCode.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UsageError || e instanceof EnvError) {
      console.error(e.message);
      process.exit(2);
    }
    console.error(`Could not create the admin: ${e?.message ?? e}`);
    process.exit(1);
  },
);
