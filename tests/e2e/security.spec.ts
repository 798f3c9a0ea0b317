// Tenant-supplied strings are shown as text: markup in a group name never runs.
import { test, expect } from "@playwright/test";
import { SANDBOX, connectWithWriteAccess } from "./helpers";

test("a group name carrying HTML and script is rendered as text and nothing executes", async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  const dialogs: string[] = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await connectWithWriteAccess(page);
  const picker = page.getByTestId("group-picker");
  await picker.getByLabel("Search source groups by name").fill("marketing");
  await picker.getByRole("button", { name: "Search", exact: true }).click();
  const results = page.getByTestId("group-results");
  await expect(results).toContainText('<img src=x onerror="window.__xss=1">Marketing <script>window.__xss=2</script>');
  await results.getByRole("button", { name: /^Select / }).click();
  await expect(page.getByTestId("selected-groups")).toContainText("<script>");
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  expect(await page.locator("main img, main script").count()).toBe(0);
  expect(dialogs).toEqual([]);
});
