// Accessibility with a maintained checker: axe-core (through @axe-core/playwright) on every page and
// on the setup page in its states, in the light and the dark theme. No serious or critical violation.
import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { visitEveryPage } from "./helpers";

async function check(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const text = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`).join("\n");
  expect(bad, `${where}:\n${text}`).toEqual([]);
}

for (const scheme of ["light", "dark"] as const) {
  test(`axe finds nothing serious on any page (${scheme} theme)`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    await visitEveryPage(page, (where) => check(page, where));
  });
}

test("the checker is not vacuous: an unlabelled field and an image without text are reported", async ({ page }) => {
  await page.goto("/about");
  await page.evaluate(() => {
    // (Inline styles are refused by the Content-Security-Policy, so contrast is judged on the real CSS.)
    document.body.insertAdjacentHTML("beforeend", '<input type="text" id="axe-control"><img src="/favicon.svg">');
  });
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const ids = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
  expect(ids).toEqual(expect.arrayContaining(["label", "image-alt"]));
});
