// Playbooks as code: a broken file's errors carry the line and column a person
// looks at, and exporting what was imported gives the same bytes every time.
import { describe, expect, it } from "vitest";
import { playbookDocumentSchema, playbookJsonSchema } from "~/modules/playbooks/playbook-document";
import { formatPlaybookErrors, parsePlaybookYaml, playbookToYaml } from "~/modules/playbooks/playbook-yaml";

const GOOD = `name: Enterprise onboarding
description: For large accounts.
stages:
  - key: setup
    name: Setup
    description: Get connected.
    goal: Single sign-on works for everyone.
    successMeasure: 90% of invited users signed in.
    expectedDays: 21
    milestones:
      - key: kickoff
        title: Hold the kickoff
        ownerSide: vendor
        ownerRole: onboarding
        dueOffsetDays: 3
        dueOffsetKind: business
      - key: sso
        title: Connect SSO
        description: |
          Two lines
          of text.
        ownerSide: customer
        ownerRole: admin
        dueOffsetDays: 5
        dueFrom: stage_entry
        required: false
        visibility: internal
        firstValue: true
        segments: [enterprise, "mid-market"]
        resources:
          - { title: "SAML guide: step by step", url: "https://help.example.com/sso?x=1#a", kind: guide, minutes: 12 }
  - key: live
    name: Live
    milestones:
      - key: go-live
        title: "Go live: day one"
        ownerSide: customer
        ownerRole: executive_sponsor
        dueOffsetDays: 30
`;

function errorsOf(source: string) {
  const result = parsePlaybookYaml(source);
  if (result.ok) throw new Error("expected errors");
  return formatPlaybookErrors("pb.yaml", result.errors).split("\n");
}

describe("reading a playbook file", () => {
  it("reads a good file with its defaults filled in", () => {
    const result = parsePlaybookYaml(GOOD);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [setup, live] = result.document.stages;
    expect(setup!.expectedDays).toBe(21);
    expect(setup!.milestones[0]).toMatchObject({
      dueFrom: "journey_start",
      dueOffsetKind: "business",
      required: true,
      visibility: "customer",
      firstValue: false,
    });
    expect(setup!.milestones[1]).toMatchObject({
      dueFrom: "stage_entry",
      dueOffsetKind: "calendar",
      required: false,
      visibility: "internal",
      firstValue: true,
      segments: ["enterprise", "mid-market"],
      description: "Two lines\nof text.\n",
    });
    expect(live!.milestones[0]!.resources).toEqual([]);
  });

  it("places a YAML syntax error at its line and column", () => {
    const lines = errorsOf("name: x\nstages:\n  - key: a\n    name: [unclosed\n");
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^pb\.yaml:\d+:\d+: YAML syntax: /);
    const [, line] = /^pb\.yaml:(\d+):/.exec(lines[0]!)!;
    expect(Number(line)).toBeGreaterThanOrEqual(4);
  });

  it("places a duplicate YAML key at the repeated key", () => {
    expect(errorsOf("name: a\nname: b\nstages: []\n")[0]).toMatch(/^pb\.yaml:2:1: YAML syntax: .*unique/i);
  });

  it("places each schema error at the node it is about, naming the field", () => {
    const broken = GOOD.replace("ownerRole: executive_sponsor", "ownerRole: csm")
      .replace("kind: guide", "kind: podcast")
      .replace('url: "https://help.example.com/sso?x=1#a"', 'url: "javascript:alert(1)"')
      .replace("key: live", "key: Live Stage")
      .replace("        dueOffsetDays: 30\n", "        dueOffsetDays: 30\n        colour: red\n")
      .replace("        title: Hold the kickoff\n", "");
    expect(errorsOf(broken)).toEqual([
      'pb.yaml:11:9: stages[1].milestones[1]: The field "title" is missing.',
      "pb.yaml:30:55: stages[1].milestones[2].resources[1].url: The URL must start with http:// or https://.",
      "pb.yaml:30:84: stages[1].milestones[2].resources[1].kind: The kind is one of: guide, video, webinar, course.",
      'pb.yaml:31:10: stages[2].key: A key is lowercase letters and digits joined by single hyphens, like "kickoff-call".',
      'pb.yaml:37:20: stages[2].milestones[1].ownerRole: "csm" is not a customer-side role; use one of: champion, admin, executive_sponsor, end_user.',
      'pb.yaml:39:9: stages[2].milestones[1]: Unknown field "colour"; check the spelling.',
    ]);
  });

  it("refuses a key used twice in the playbook, at the second one", () => {
    const twice = GOOD.replace("key: go-live", "key: kickoff");
    expect(errorsOf(twice)).toEqual([
      'pb.yaml:35:14: stages[2].milestones[1].key: The milestone key "kickoff" is already used in stage "setup"; keys must be unique in the playbook.',
    ]);
  });

  it("answers an empty file with what is missing", () => {
    expect(errorsOf("")).toEqual([
      'pb.yaml:1:1: The field "name" is missing.',
      'pb.yaml:1:1: The field "stages" is missing.',
    ]);
  });
});

describe("writing a playbook file", () => {
  it("export -> import -> export gives the same bytes", () => {
    const first = parsePlaybookYaml(GOOD);
    if (!first.ok) throw new Error("GOOD should parse");
    const exported = playbookToYaml(first.document);
    const again = parsePlaybookYaml(exported);
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.document).toEqual(first.document);
    expect(playbookToYaml(again.document)).toBe(exported);
    // Defaults stay out of the file; what differs from them stays in.
    expect(exported).not.toContain("visibility: customer");
    expect(exported).toContain("visibility: internal");
    expect(exported).toContain("dueFrom: stage_entry");
  });

  it("puts the schema comment first when asked", () => {
    const first = parsePlaybookYaml(GOOD);
    if (!first.ok) throw new Error("GOOD should parse");
    const text = playbookToYaml(first.document, { schemaUrl: "https://portal.example.com/playbook.schema.json" });
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=https://portal.example.com/playbook.schema.json");
    expect(parsePlaybookYaml(text).ok).toBe(true);
  });
});

describe("the JSON Schema", () => {
  it("comes from the same zod schema and describes every field", () => {
    const schema = playbookJsonSchema() as any;
    const milestone = schema.properties.stages.items.properties.milestones.items;
    expect(Object.keys(milestone.properties)).toEqual(
      Object.keys(playbookDocumentSchema.shape.stages.element.shape.milestones.element.shape),
    );
    expect(milestone.required).toEqual(["key", "title", "ownerSide", "ownerRole", "dueOffsetDays"]);
    expect(milestone.additionalProperties).toBe(false);
    expect(milestone.properties.key.pattern).toBe("^[a-z0-9]+(?:-[a-z0-9]+)*$");
  });
});

describe("a stage's email in the file", () => {
  const WITH_EMAIL = `${GOOD}    email:
      subject: "Welcome to {stage}, {account}"
      intro: |-
        Hello from {vendor}.

        A second paragraph.
`;

  it("reads it, and export -> import -> export gives the same bytes", () => {
    const first = parsePlaybookYaml(WITH_EMAIL);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    expect(first.document.stages[1]!.email).toEqual({
      subject: "Welcome to {stage}, {account}",
      intro: "Hello from {vendor}.\n\nA second paragraph.",
    });
    expect(first.document.stages[0]!.email).toBeUndefined();
    const exported = playbookToYaml(first.document);
    const again = parsePlaybookYaml(exported);
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.document).toEqual(first.document);
    expect(playbookToYaml(again.document)).toBe(exported);
    // Written before the milestones, so a stage reads top-down: what it is, what it says, what it holds.
    expect(exported.indexOf("email:")).toBeLessThan(exported.lastIndexOf("milestones:"));
  });

  it("places an unknown placeholder, a two-line subject and a missing intro at their lines", () => {
    expect(errorsOf(WITH_EMAIL.replace("{account}", "{acount}"))).toEqual([
      "pb.yaml:41:16: stages[2].email.subject: The subject uses {acount}, which is not a placeholder; use {account}, {vendor}, {stage}.",
    ]);
    expect(errorsOf(WITH_EMAIL.replace('"Welcome to {stage}, {account}"', '"Welcome\\nto {stage}"'))).toEqual([
      "pb.yaml:41:16: stages[2].email.subject: The email's subject must be on one line.",
    ]);
    const noIntro = `${GOOD}    email:\n      subject: Hello\n`;
    expect(errorsOf(noIntro)).toEqual(['pb.yaml:41:7: stages[2].email: The field "intro" is missing.']);
    const long = `${GOOD}    email:\n      subject: ${"x".repeat(151)}\n      intro: Hi.\n`;
    expect(errorsOf(long)).toEqual([
      "pb.yaml:41:16: stages[2].email.subject: The email's subject is at most 150 characters.",
    ]);
  });

  it("is described in the JSON Schema, with its limits", () => {
    const email = (playbookJsonSchema() as any).properties.stages.items.properties.email;
    expect(email.required).toEqual(["subject", "intro"]);
    expect(email.additionalProperties).toBe(false);
    expect(email.properties.subject.maxLength).toBe(150);
    expect(email.properties.intro.maxLength).toBe(1500);
  });
});
