// After sign-in we follow only addresses on this site.
import { expect, it } from "vitest";
import { safeRedirect } from "~/server/safe-redirect.server";

it.each([
  ["/journey", "/journey"],
  ["/csm?sort=overdue&dir=desc", "/csm?sort=overdue&dir=desc"],
  ["/csm/accounts/1#timeline", "/csm/accounts/1#timeline"],
  ["//evil.example", "/home"],
  ["/\\evil.example", "/home"],
  ["/\t/evil.example", "/home"],
  ["/\n/evil.example", "/home"],
  ["https://evil.example/", "/home"],
  ["javascript:alert(1)", "/home"],
  ["", "/home"],
])("%j goes to %j", (to, expected) => {
  expect(safeRedirect(to, "/home")).toBe(expected);
});

it("encodes what a Location header cannot carry", () => {
  expect(safeRedirect("/journey?q=✓", "/home")).toBe("/journey?q=%E2%9C%93");
});
