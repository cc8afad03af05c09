// The one form answer: the edge maps domain errors and refused input to it with
// the right status, and the page shows it in one place, tied to its fields.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { FieldError, fieldAria } from "~/components/ui/field-error";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { answer, invalidForm, refuse } from "~/server/form-answer.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import type { FormAnswer } from "~/utils/form-answer";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

describe("the edge's answers", () => {
  it("maps each domain error to its status, keeping the field it names", () => {
    const missing = refuse(new NotFoundError("No such contact."));
    expect(missing.init?.status).toBe(404);
    expect(missing.data).toEqual({ ok: false, message: "No such contact." });

    const forbidden = refuse(new ForbiddenError("This step is owned by our team."), "m-1");
    expect(forbidden.init?.status).toBe(403);
    expect(forbidden.data).toEqual({ ok: false, message: "This step is owned by our team.", target: "m-1" });

    const input = refuse(new InputError("Choose an owner.", "ownerId"));
    expect(input.init?.status).toBe(400);
    expect(input.data).toEqual({
      ok: false,
      message: "Choose an owner.",
      fieldErrors: { ownerId: "Choose an owner." },
    });
  });

  it("rethrows anything that is not a domain error", () => {
    const crash = new Error("connection lost");
    expect(() => refuse(crash)).toThrow(crash);
  });

  it("answers refused input with its first message and the first message of each field", () => {
    const form = z.object({
      name: z.string().min(1, { error: "Enter their name." }),
      email: z.string().email({ error: "Enter a valid email address." }).min(5, { error: "Too short." }),
    });
    const parsed = form.safeParse({ name: "", email: "x" });
    if (parsed.success) throw new Error("the form should refuse this input");
    const refused = invalidForm(parsed.error);
    expect(refused.init?.status).toBe(400);
    expect(refused.data).toEqual({
      ok: false,
      message: "Enter their name.",
      fieldErrors: { name: "Enter their name.", email: "Enter a valid email address." },
    });
    expect(answer({ ok: true, message: "Saved." }).init?.status).toBe(200);
  });
});

describe("showing an answer", () => {
  const html = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el);
  const refused: FormAnswer = {
    ok: false,
    message: "Write a note.",
    fieldErrors: { note: "Write a note." },
    target: "m-1",
  };

  it("says success as a status and a refusal as an alert", () => {
    expect(html(createElement(FormAnswerNotice, { answer: { ok: true, message: "Saved." } }))).toMatch(
      /^<p role="status"[^>]*>Saved\.<\/p>$/,
    );
    expect(html(createElement(FormAnswerNotice, { answer: refused, id: "form-answer" }))).toMatch(
      /^<p id="form-answer" role="alert"[^>]*>Write a note\.<\/p>$/,
    );
    expect(html(createElement(FormAnswerNotice, { answer: undefined }))).toBe("");
  });

  it("keeps to its own milestone, and to refusals or to the line above the fields when asked", () => {
    expect(html(createElement(FormAnswerNotice, { answer: refused, target: "m-2" }))).toBe("");
    expect(html(createElement(FormAnswerNotice, { answer: refused, target: "m-1" }))).toContain("Write a note.");
    expect(html(createElement(FormAnswerNotice, { answer: { ok: true, message: "Saved." }, refusalsOnly: true }))).toBe(
      "",
    );
    expect(html(createElement(FormAnswerNotice, { answer: refused, fieldErrorsApart: true }))).toBe("");
  });

  it("shows a field's error next to it and ties the field to it", () => {
    expect(html(createElement(FieldError, { answer: refused, name: "note", id: "note-error" }))).toMatch(
      /^<p id="note-error"[^>]*>Write a note\.<\/p>$/,
    );
    expect(html(createElement(FieldError, { answer: refused, name: "dueOn", id: "due-error" }))).toBe("");
    expect(fieldAria(refused, "note", "note-error")).toEqual({
      "aria-invalid": true,
      "aria-describedby": "note-error",
    });
    expect(fieldAria(refused, "dueOn", "due-error")).toEqual({
      "aria-invalid": undefined,
      "aria-describedby": undefined,
    });
  });
});

describe("form pages", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it("the sign-in form marks the refused field and says why beside it", async () => {
    const res = await server.post("/login", { email: "not-an-address", password: "" });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/<input[^>]*id="email"[^>]*aria-invalid="true"[^>]*aria-describedby="email-error"/);
    expect(page).toMatch(/<p id="email-error"[^>]*>Enter a valid email address\.<\/p>/);
    expect(page).toMatch(/<p id="password-error"[^>]*>Enter your password\.<\/p>/);
    expect(page).not.toContain('role="alert"');
  });

  it("the contacts page says why an invitation was refused and ties the email field to it", async () => {
    const csm = await makeStaff();
    const playbookId = await makePlaybook();
    const acct = await makeAccount({ csmId: csm.id, playbookId });
    // Already a contact of this account (an address elsewhere is not revealed: issue 9, item 10).
    const taken = await db()
      .selectFrom("users")
      .select("email")
      .where("id", "=", acct.contacts[0].id)
      .executeTakeFirstOrThrow();
    const res = await server.post(
      `/csm/accounts/${acct.accountId}/contacts`,
      { intent: "invite", name: "X", email: taken.email },
      { cookie: await sessionCookie(csm.id) },
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/<p id="form-answer" role="alert"[^>]*>That person is already a contact here/);
    expect(page).toMatch(/<input[^>]*name="email"[^>]*aria-invalid="true"[^>]*aria-describedby="form-answer"/);
    expect(page).not.toMatch(/<input[^>]*name="name"[^>]*aria-invalid/);
  });
});
