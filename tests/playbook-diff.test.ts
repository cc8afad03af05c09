// Two versions compared by key: moves between stages and new orders show as
// such, not as a milestone removed and another added.
import { expect, it } from "vitest";
import { diffPlaybooks, formatChanges } from "~/modules/playbooks/playbook-diff";
import { playbookDocumentSchema } from "~/modules/playbooks/playbook-document";

const m = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  title: key.toUpperCase(),
  ownerSide: "vendor",
  ownerRole: "csm",
  dueOffsetDays: 1,
  ...extra,
});

const v1 = playbookDocumentSchema.parse({
  name: "P",
  stages: [
    { key: "a", name: "A", milestones: [m("one"), m("two"), m("three")] },
    { key: "b", name: "B", milestones: [m("four")] },
    { key: "c", name: "C", milestones: [m("five")] },
  ],
});

it("names moves, new orders and changed fields by key", () => {
  const v2 = playbookDocumentSchema.parse({
    name: "P",
    description: "Now described.",
    stages: [
      { key: "c", name: "C", milestones: [m("five", { visibility: "internal", segments: ["enterprise"] })] },
      { key: "a", name: "A", milestones: [m("three"), m("one")] },
      { key: "b", name: "B", milestones: [m("two"), m("four")] },
    ],
  });
  expect(formatChanges(diffPlaybooks(v1, v2))).toEqual([
    '~ playbook: description "" -> "Now described."',
    "~ order of stages: a, b, c -> c, a, b",
    '~ milestone "five": visibility "customer" -> "internal"; segments (none) -> ["enterprise"]',
    '~ milestone "two": stage "a" -> "b"',
    '~ order of milestones in stage "a": one, three -> three, one',
  ]);
  expect(diffPlaybooks(v1, v1)).toEqual([]);
});
