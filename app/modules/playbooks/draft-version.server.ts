// A fingerprint of a playbook's draft as stored. The editor sends back the one it
// was opened with, so a save never overwrites a draft someone else saved meanwhile.
import { createHash } from "node:crypto";

export function draftVersionOf(rawDraft: unknown): string {
  return createHash("sha256").update(JSON.stringify(rawDraft)).digest("hex").slice(0, 24);
}
