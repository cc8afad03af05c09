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

// Each of these resolves, or decodes, to a path that a browser reads as another
// host ("//host" or "/\host"): all of them fall back to the home page.
const offSite = [
  "/.//evil.example/x",
  "/..//evil.example/x",
  "/./\\evil.example/x",
  "/../\\evil.example/x",
  "/%2e//evil.example/x",
  "/%2E%2E//evil.example/x",
  "/%2e%2e/%2fevil.example/x",
  "/%2F/evil.example/x",
  "/%2f%2fevil.example/x",
  "/%5Cevil.example/x",
  "/%5c%5cevil.example/x",
  "/%252F%252Fevil.example/x",
  "/%25252f%25252fevil.example/x",
  "/%255Cevil.example/x",
  "/././/evil.example/x",
  "/a/..//evil.example/x",
  "/a/../\\evil.example/x",
  "/.%2F%2Fevil.example/x",
  "/.\t//evil.example/x",
  "/.\n//evil.example/x",
  "/\r\n/evil.example/x",
  "/ /evil.example/x".replace(" ", "\t"),
  "/\\\\evil.example/x",
  "\\/evil.example/x",
  "/%09/evil.example/x",
  "/.%09//evil.example/x",
  "/%0a/evil.example/x",
  "/.//%65vil.example/x",
  "/%2e/%2e//evil.example",
  "/%u002f%u002fevil.example",
];

it.each(offSite)("%j never leaves the site", (to) => {
  const got = safeRedirect(to, "/home");
  expect(got).toBe("/home");
});

it("no answer ever starts with // or /\\, in any encoding, however often decoded", () => {
  for (const to of offSite) {
    let got = safeRedirect(to, "/home");
    for (let i = 0; i < 4; i++) {
      expect(got).not.toMatch(/^[/\\][/\\]/);
      try {
        got = decodeURIComponent(got);
      } catch {
        break;
      }
    }
  }
});

it("ordinary paths with encoded characters still work", () => {
  expect(safeRedirect("/csm?q=a%2Fb", "/home")).toBe("/csm?q=a%2Fb");
  expect(safeRedirect("/csm/accounts/1?from=2026-01-01", "/home")).toBe("/csm/accounts/1?from=2026-01-01");
});
