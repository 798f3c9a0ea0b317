// The editor and the dashboards by keyboard: every control reached by Tab has a visible focus ring
// and an accessible name; at 200 % zoom nothing needs horizontal scrolling.
import { test, expect, Page } from "@playwright/test";
import { SANDBOX, applyAndStart, connectWithWriteAccess, openMappings, openMonitor, selectGroupsUsersOnly, step } from "./helpers";

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
});

/** Tabs through the page; returns the controls reached, failing on any without a ring or a name. */
async function tabThrough(page: Page, limit: number): Promise<string[]> {
  const reached: string[] = [];
  // Start from the first control of the page: the skip link.
  await page.locator(".skip-link").focus();
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const labels = (el as HTMLInputElement).labels;
      const name = el.getAttribute("aria-label") || (labels && labels.length ? labels[0].textContent : "") || el.getAttribute("title") || (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA" ? "" : el.textContent) || "";
      return { tag: el.tagName, name: name.trim(), outline: getComputedStyle(el).outlineStyle };
    });
    if (info === null) break;
    expect(info.name, `an accessible name for the ${info.tag} reached by Tab #${i + 1}`).not.toBe("");
    expect(info.outline, `a focus ring on "${info.name}"`).not.toBe("none");
    reached.push(info.name);
  }
  return reached;
}

async function noHorizontalScroll(page: Page) {
  await page.setViewportSize({ width: 640, height: 400 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("the mapping editor works by keyboard, every control named and ringed, and fits 200 % zoom", async ({ page }) => {
  await connectWithWriteAccess(page);
  await selectGroupsUsersOnly(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  await openMappings(page);
  // Open a row editor and change its type with the keyboard only.
  await page.getByRole("button", { name: "Edit the mapping to mail" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("row-form")).toBeVisible();
  await page.getByLabel("Mapping type").focus();
  await page.keyboard.press("ArrowDown");
  await page.getByTestId("scope-group-add").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("scope-clause")).toHaveCount(1);
  const reached = await tabThrough(page, 400);
  for (const name of ["Edit the mapping to displayName", "Mapping type", "Target attribute", "Apply to the working copy", "Clause 1: attribute", "Operator", "Discard changes"]) {
    expect(reached.some((r) => r.includes(name)), `Tab reaches "${name}"`).toBe(true);
  }
  await noHorizontalScroll(page);
});

test("Monitor works by keyboard, every control named and ringed, and fits 200 % zoom", async ({ page }) => {
  await connectWithWriteAccess(page);
  await selectGroupsUsersOnly(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  await openMonitor(page);
  await expect(page.getByTestId("job-status")).toHaveText("Active");
  const reached = await tabThrough(page, 400);
  for (const name of ["Refresh", "Load up to", "Status", "Action", "Time range", "Name or ID"]) {
    expect(reached.some((r) => r.includes(name)), `Tab reaches "${name}"`).toBe(true);
  }
  await noHorizontalScroll(page);
});

test("the setup wizard works by keyboard: the rail, Next and Back, each page's fields; a new page takes the focus to its heading; it fits 200 % zoom", async ({ page }) => {
  await connectWithWriteAccess(page);
  await step(page, "settings");
  const reached = await tabThrough(page, 150);
  for (const name of ["Connect", "Readiness", "Review and apply", "Notification e-mail", "Accidental-deletion threshold", "Back: Configuration", "Next: Groups and users", "Check the tenants and review the plan"]) {
    expect(reached.some((r) => r.includes(name)), `Tab reaches "${name}"`).toBe(true);
  }
  await page.getByTestId("wizard-next").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/setup\/groups$/);
  await expect(page.locator("#groups-heading")).toBeFocused();
  await page.locator('.rail__item[data-slug="review"] a.rail__link').focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/setup\/review$/);
  await expect(page.locator("#plan-heading")).toBeFocused();
  await noHorizontalScroll(page);
});
