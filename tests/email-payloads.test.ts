// Payloads are parsed when rendered: rows queued by an earlier version, before
// the link lifetimes were stored in them, still render with the lifetimes they had.
import { describe, expect, it } from "vitest";
import { parseEmailPayload } from "~/modules/email/email-payloads";

describe("email payloads queued before the lifetimes were stored", () => {
  it("a sign-in link says 15 minutes, an invitation 7 days", () => {
    const expiresAt = "2026-12-01T10:15:00.000Z";
    expect(parseEmailPayload("sign_in_link", { sealedToken: "s", expiresAt }).expiresInMinutes).toBe(15);
    const invitation = { sealedToken: "s", inviterName: "Maya", accountName: null, roleLabel: "admin", expiresAt };
    expect(parseEmailPayload("invitation", invitation).expiresInDays).toBe(7);
  });

  it("keeps a stored lifetime and refuses a nonsensical one", () => {
    const expiresAt = "2026-12-01T10:15:00.000Z";
    expect(
      parseEmailPayload("sign_in_link", { sealedToken: "s", expiresAt, expiresInMinutes: 30 }).expiresInMinutes,
    ).toBe(30);
    expect(() => parseEmailPayload("sign_in_link", { sealedToken: "s", expiresAt, expiresInMinutes: 0 })).toThrow();
  });
});
