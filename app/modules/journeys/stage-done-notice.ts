// The words a customer sees and hears when their journey leaves a stage: what was achieved
// and what comes next. Pure, so the page says it with or without script, and the same words
// go to the screen and to the live region.

interface StageLine {
  position: number;
  name: string;
  state: "done" | "current" | "upcoming";
  stepsDone: number;
  description: string;
}

/**
 * "Onboarding is complete: 5 steps done. Next: Adoption — Turn setup into everyday use across
 * your team." for a journey that was in the stage at `leftPosition` and has moved on (or
 * completed); null if that stage is not done.
 */
export function stageDoneNotice(
  stages: StageLine[],
  leftPosition: number,
  journeyComplete: boolean,
  currentPosition: number,
): string | null {
  // Skipped stages (nothing required left in them) are finished by the same step.
  const finished = stages.filter(
    (s) => s.position >= leftPosition && s.state === "done" && (journeyComplete || s.position < currentPosition),
  );
  if (finished.length === 0 || finished[0].position !== leftPosition) return null;
  const names = listOf(finished.map((s) => s.name));
  const done = finished.reduce((n, s) => n + s.stepsDone, 0);
  const achieved = `${names} ${finished.length === 1 ? "is" : "are"} complete: ${done} ${done === 1 ? "step" : "steps"} done.`;
  if (journeyComplete) return `${achieved} That was the last stage: your journey is complete.`;
  const next = stages.find((s) => s.position === currentPosition);
  if (!next) return achieved;
  const first = firstSentence(next.description);
  return first ? `${achieved} Next: ${next.name} — ${first}` : `${achieved} Next: ${next.name}.`;
}

/** "A", "A and B", "A, B and C". */
function listOf(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The text up to and including its first full stop, question or exclamation mark; the whole text (with a full stop) if it has none. */
export function firstSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "";
  const end = /[.!?](?=\s|$)/.exec(trimmed);
  return end ? trimmed.slice(0, end.index + 1) : `${trimmed}.`;
}
