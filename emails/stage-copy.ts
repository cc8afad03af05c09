// Owns a stage email's words: the subject and introduction a playbook gives each
// stage (with {account}, {vendor} and {stage} filled in when rendered), and the
// generic words for a stage that has none (ADR 037).

/** The subject and introduction as the playbook version holds them, placeholders unfilled. */
export interface StageCopy {
  subject: string;
  intro: string;
}

/** What a placeholder stands for, by its name in braces. */
export const STAGE_COPY_PLACEHOLDERS = {
  account: "the customer account's name",
  vendor: "your company's name (the workspace's vendor name)",
  stage: "the stage's name",
} as const;

export type StageCopyPlaceholder = keyof typeof STAGE_COPY_PLACEHOLDERS;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Placeholders the text uses that are not ours: `{acount}` is a typo a person should hear about. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) if (!Object.hasOwn(STAGE_COPY_PLACEHOLDERS, m[1]!)) unknown.add(m[1]!);
  return [...unknown];
}

/** The text with each known placeholder replaced by its value; anything else stays as written. */
export function fillStageCopy(text: string, values: Record<StageCopyPlaceholder, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as StageCopyPlaceholder] : whole,
  );
}

/** For a stage whose playbook version gives no email copy. */
export const GENERIC_STAGE_COPY: StageCopy = {
  subject: "Your journey moves on: {stage}",
  intro:
    "Your journey with {vendor} has moved on to a new stage: {stage}. Here is what it is about and what comes first.",
};

/** The introduction's paragraphs: a blank line separates two. */
export function introParagraphs(intro: string): string[] {
  return intro
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
