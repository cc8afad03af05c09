// Reads a playbook file from disk into the checked document; a bad file throws
// with every problem as `file:line:col: message`.
import fs from "node:fs";
import type { PlaybookDocument } from "~/modules/playbooks/playbook-document";
import { formatPlaybookErrors, type ParsedPlaybook, parsePlaybookYaml } from "~/modules/playbooks/playbook-yaml";

export class PlaybookFileError extends Error {}

/** The file parsed and checked, or its errors; a file that cannot be read throws. */
export function parsePlaybookFile(file: string): ParsedPlaybook {
  return parsePlaybookYaml(fs.readFileSync(file, "utf8"));
}

export function readPlaybookFile(file: string): PlaybookDocument {
  const result = parsePlaybookFile(file);
  if (!result.ok) throw new PlaybookFileError(formatPlaybookErrors(file, result.errors));
  return result.document;
}
