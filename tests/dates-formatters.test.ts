// Date formatting on busy pages: the Intl formatters are built once per
// locale, timezone and style, not on every call, and still format correctly.
import { afterEach, expect, it, vi } from "vitest";
import { formatDate, formatDateTime, todayIn } from "~/utils/dates";

afterEach(() => {
  vi.restoreAllMocks();
});

it("builds each formatter once, however many dates a page formats", () => {
  // Warm up every shape used below, so earlier tests' formatters do not matter.
  formatDate("2026-01-01");
  formatDateTime("2026-01-01T00:00:00Z", "Europe/Berlin");
  formatDateTime("2026-01-01T00:00:00Z", "Asia/Tokyo");
  todayIn("America/New_York", new Date());
  const built = vi.spyOn(Intl, "DateTimeFormat");
  for (let i = 1; i <= 28; i++) {
    const day = `2026-02-${String(i).padStart(2, "0")}`;
    formatDate(day);
    formatDateTime(`${day}T12:00:00Z`, "Europe/Berlin");
    formatDateTime(`${day}T12:00:00Z`, "Asia/Tokyo");
    todayIn("America/New_York", new Date(`${day}T12:00:00Z`));
  }
  expect(built).not.toHaveBeenCalled();
});

it("formats in the zone it is asked for, whichever zone came first", () => {
  const at = new Date("2026-03-01T23:30:00Z");
  expect(todayIn("UTC", at)).toBe("2026-03-01");
  expect(todayIn("Asia/Tokyo", at)).toBe("2026-03-02");
  expect(todayIn("America/Los_Angeles", at)).toBe("2026-03-01");
  expect(formatDate("2026-03-01")).toBe("Mar 1, 2026");
  expect(formatDateTime(at, "UTC")).toBe("Mar 1, 2026, 11:30 PM UTC");
  expect(formatDateTime(at, "Asia/Tokyo")).toBe("Mar 2, 2026, 8:30 AM GMT+9");
  expect(formatDateTime(at.toISOString(), "Europe/Berlin")).toBe("Mar 2, 2026, 12:30 AM GMT+1");
});
