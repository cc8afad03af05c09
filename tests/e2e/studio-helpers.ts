// Shared by the studio's browser tests: the keyboard move a screen reader user makes, and the
// 320 px check.
import type { Page } from "playwright-core";

export const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/**
 * Space picks the item up, the arrow moves it one place, Space drops it; each step waits
 * for what dnd-kit's live region says, which is what a screen reader hears.
 */
export async function moveByKeyboard(page: Page, item: string, arrow: "ArrowUp" | "ArrowDown", to: number, of: number) {
  const said = (text: string | RegExp) =>
    page.getByRole("status").filter({ hasText: item }).filter({ hasText: text }).waitFor({ state: "attached" });
  await page.getByRole("button", { name: `Move ${item}`, exact: true }).focus();
  await page.keyboard.press("Space");
  await said(/Picked up|is over position/);
  await page.waitForTimeout(100);
  await page.keyboard.press(arrow);
  await said(`is over position ${to} of ${of}.`);
  await page.keyboard.press("Space");
  await said(`moved to position ${to} of ${of}.`);
}
