// Token trouble in the middle of apply: an expired access token is renewed silently; a revoked
// refresh token stops apply with a clear message, and after signing in again it finishes once.
import { test, expect } from "@playwright/test";
import { SANDBOX, connectWithWriteAccess } from "./helpers";

const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await page.request.post(`${SANDBOX}/_sandbox/token-lifetime`, { data: { seconds: 3600 } });
});

test.afterEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/token-lifetime`, { data: { seconds: 3600 } });
  await page.request.delete(`${SANDBOX}/_sandbox/faults`);
});

test("access tokens expiring during apply are refreshed and apply completes", async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/token-lifetime`, { data: { seconds: 2 } });
  await connectWithWriteAccess(page);
  await page.getByTestId("plan-build").click();
  await expect(page.getByTestId("plan-list").locator("li")).toHaveCount(7);
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
  expect(log.filter((e: any) => e.status === 401)).toEqual([]);
});

test("a refresh token revoked during apply stops it; signing in again finishes it without duplicates", async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/token-lifetime`, { data: { seconds: 2 } });
  await connectWithWriteAccess(page);
  await page.getByTestId("plan-build").click();
  await expect(page.getByTestId("plan-list").locator("li")).toHaveCount(7);
  // Slow the configuration's creation, and revoke the source's refresh tokens meanwhile.
  await page.request.put(`${SANDBOX}/_sandbox/faults`, { data: { rules: [{ pathContains: "/instantiate", count: 1, effect: { kind: "latency", ms: 2500 } }] } });
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("plan-apply").click();
  await expect(page.locator('[data-write="source-partner"]')).toHaveAttribute("data-state", "done");
  await page.request.post(`${SANDBOX}/_sandbox/revoke-refresh-tokens`, { data: { tenantId: FABRIKAM } });
  const renewal = page.getByTestId("renewal-source");
  await expect(renewal).toContainText("revoked", { timeout: 20_000 });
  await expect(page.locator('[data-state="failed"]')).toHaveCount(1);
  await renewal.getByRole("button", { name: "Sign in again" }).click();
  await page.getByRole("button", { name: /admin@fabrikam/ }).click();
  await expect(page.getByTestId("apply-resume")).toBeVisible();
  await expect(page.getByTestId("plan-list").or(page.getByTestId("plan-empty"))).toBeVisible();
  if (await page.getByTestId("plan-list").isVisible()) {
    await page.getByTestId("plan-apply").click();
  }
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
  const created = log.filter((e: any) => !e.inBatch && e.method === "POST" && e.status === 201).map((e: any) => `${e.tokenTenant} ${e.path}`);
  expect(new Set(created).size).toBe(created.length);
  const dump = await (await page.request.get(`${SANDBOX}/_sandbox/state/${FABRIKAM}`)).json();
  expect(dump.configurations).toBe(1);
});
