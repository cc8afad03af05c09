// `npm run playbook -- validate|import|export|diff FILE`: playbooks as code (ADR 030).
//   validate FILE                       check the file; errors as file:line:col. Exit 0 valid, 1 not.
//   import FILE [--publish NOTE]        the file becomes its playbook's draft (a new playbook when
//                                       none has its name); --publish also publishes it as the next version.
//   export FILE [--playbook NAME] [--draft]
//                                       writes the latest published version (or the draft) as YAML;
//                                       FILE "-" writes to standard output.
//   diff FILE                           the file against its playbook's latest published version, by key.
//                                       Exit 0 same, 1 different.
// Bad arguments, an unreadable or invalid file (other than for validate) exit 2.
import fs from "node:fs";
import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import { findLatestVersion, findPlaybookByName } from "~/modules/playbooks/latest-playbook-version.server";
import { diffPlaybooks, formatChanges } from "~/modules/playbooks/playbook-diff";
import type { PlaybookDocument } from "~/modules/playbooks/playbook-document";
import { formatPlaybookErrors, playbookToYaml } from "~/modules/playbooks/playbook-yaml";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { readPlaybookDraft } from "~/modules/playbooks/read-playbook-draft.server";
import { appUrl, type Env, EnvError, parseEnv } from "~/utils/env.server";
import { InputError, NotFoundError } from "~/utils/errors.server";
import { type OpenDatabase, openDatabase } from "./database";
import { parsePlaybookFile } from "./playbook-file";

const USAGE = `Usage: npm run playbook -- <command> FILE
  validate FILE                          check a playbook file; errors are printed as file:line:col
  import FILE [--publish "note"]         make the file its playbook's draft; --publish also publishes it
  export FILE [--playbook NAME] [--draft] write the latest published version (or the draft); FILE - is stdout
  diff FILE                              compare the file with its playbook's latest published version`;

class UsageError extends Error {}
/** A problem to report with a message and an exit code, not a stack trace. */
class Refused extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface Args {
  command: "validate" | "import" | "export" | "diff";
  file: string;
  publish?: string;
  playbook?: string;
  draft: boolean;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === undefined) throw new UsageError(USAGE);
  if (command !== "validate" && command !== "import" && command !== "export" && command !== "diff") {
    throw new UsageError(`Unknown command ${command}.\n${USAGE}`);
  }
  const args: Args = { command, file: "", draft: false };
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value.\n${USAGE}`);
      return v;
    };
    if (arg === "--publish" && command === "import") args.publish = value();
    else if (arg === "--playbook" && command === "export") args.playbook = value();
    else if (arg === "--draft" && command === "export") args.draft = true;
    else if (arg.startsWith("--") || files.length) throw new UsageError(`Unexpected argument ${arg}.\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UsageError(`${command} needs one FILE.\n${USAGE}`);
  args.file = files[0]!;
  return args;
}

/** The file's checked document; an unreadable or invalid file is refused with `code`. */
function readFile(file: string, code: number): PlaybookDocument {
  let result: ReturnType<typeof parsePlaybookFile>;
  try {
    result = parsePlaybookFile(file);
  } catch (e) {
    throw new Refused(`${file}: cannot read the file: ${(e as Error).message}`, code);
  }
  if (!result.ok) throw new Refused(formatPlaybookErrors(file, result.errors), code);
  return result.document;
}

function counts(doc: PlaybookDocument): string {
  const milestones = doc.stages.reduce((n, s) => n + s.milestones.length, 0);
  return `${doc.stages.length} stage${doc.stages.length === 1 ? "" : "s"}, ${milestones} milestone${milestones === 1 ? "" : "s"}`;
}

async function withDatabase<T>(env: Env, run: (database: OpenDatabase) => Promise<T>): Promise<T> {
  const database = await openDatabase(env, () => {});
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === "validate") {
    const doc = readFile(args.file, 1);
    console.log(`${args.file}: a valid playbook, "${doc.name}" (${counts(doc)}).`);
    return 0;
  }
  if (args.command === "import") {
    const doc = readFile(args.file, 2);
    const env = parseEnv();
    return withDatabase(env, async ({ db }) => {
      const { playbookId, created } = await importPlaybook(db, doc);
      console.log(
        created
          ? `Imported "${doc.name}" (${counts(doc)}) as a new playbook's draft.`
          : `Replaced the draft of "${doc.name}" (${counts(doc)}).`,
      );
      if (args.publish === undefined) {
        console.log("A draft is not live: publish it with --publish to start new journeys from it.");
        return 0;
      }
      const { number } = await publishPlaybook(db, { playbookId, note: args.publish }, new Date());
      console.log(`Published version ${number}: ${args.publish.trim()}`);
      return 0;
    });
  }
  if (args.command === "export") {
    const env = parseEnv();
    const text = await withDatabase(env, async ({ db }) => {
      const name = args.playbook ?? (await onlyPlaybookName(db));
      const found = await findPlaybookByName(db, name);
      if (!found) throw new Refused(`No playbook is named "${name}".`, 1);
      let doc: PlaybookDocument;
      if (args.draft) doc = await readPlaybookDraft(db, found.id);
      else if (found.latest) doc = found.latest.document;
      else throw new Refused(`"${name}" has no published version yet; export its draft with --draft.`, 1);
      return playbookToYaml(doc, { schemaUrl: `${appUrl(env)}/playbook.schema.json` });
    });
    if (args.file === "-") process.stdout.write(text);
    else {
      fs.writeFileSync(args.file, text);
      console.log(`Wrote ${args.file}.`);
    }
    return 0;
  }
  // diff
  const doc = readFile(args.file, 2);
  const env = parseEnv();
  return withDatabase(env, async ({ db }) => {
    const found = await findPlaybookByName(db, doc.name);
    const latest = found ? await findLatestVersion(db, found.id) : null;
    if (!found) console.log(`No playbook is named "${doc.name}" yet: everything in ${args.file} is new.`);
    else if (!latest) console.log(`"${doc.name}" has no published version yet: everything in ${args.file} is new.`);
    else console.log(`${args.file} against "${doc.name}" version ${latest.number}:`);
    const lines = formatChanges(diffPlaybooks(latest?.document ?? null, doc));
    if (!lines.length) {
      console.log("No changes.");
      return 0;
    }
    for (const line of lines) console.log(line);
    return 1;
  });
}

async function onlyPlaybookName(db: OpenDatabase["db"]): Promise<string> {
  const names = await db.selectFrom("playbooks").select("name").orderBy("name").execute();
  if (names.length === 1) return names[0]!.name;
  throw new Refused(
    names.length
      ? `Name the playbook with --playbook: ${names.map((n) => `"${n.name}"`).join(", ")}.`
      : "There is no playbook to export.",
    2,
  );
}

// Explicit exits: the embedded PostgreSQL's exit hook ignores process.exitCode.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UsageError || e instanceof EnvError) {
      console.error(e.message);
      process.exit(2);
    }
    if (e instanceof Refused) {
      console.error(e.message);
      process.exit(e.code);
    }
    if (e instanceof InputError || e instanceof NotFoundError) {
      console.error(e.message);
      process.exit(1);
    }
    console.error(`The playbook command failed: ${e?.message ?? e}`);
    process.exit(1);
  },
);
