// Writes a PNG of every page and the setup page's states, light and dark, 1280 px and 390 px wide,
// into target/screenshots/ (`cargo xtask screenshots`).
import { test, Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { visitEveryPage } from "../e2e/helpers";

const OUT = "target/screenshots";

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${OUT}/${name}-${scheme}-${width}.png`, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("screenshots", async ({ page }) => {
  mkdirSync(OUT, { recursive: true });
  await visitEveryPage(page, (where) => shoot(page, where));
});
