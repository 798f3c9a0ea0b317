// Fleet: one source with five targets, one target with three sources; after a cycle in which one job
// (its target never set up) is quarantined, the fleet shows each configuration's state, opens
// Monitor for any of them with its alert queries, and the target's trust review names what each
// partner may do and which one wrote nothing.
import { test, expect } from "@playwright/test";
import { SANDBOX, signIn } from "./helpers";


const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";

test("the fleet of a source with five targets, one quarantined, and the partners of a target with three sources", async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  const cycle = await (await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} })).json();
  expect(cycle.jobs.length).toBeGreaterThanOrEqual(7);
  await page.goto("/setup");
  await signIn(page, "source", "woodgrove.onmicrosoft.com", "admin@woodgrove.onmicrosoft.com");
  await signIn(page, "target", "litware.onmicrosoft.com", "admin@litware.onmicrosoft.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Fleet" }).click();
  // Tenant names and the multi-tenant organization are asked for only when wanted (never in the
  // first sign-in): each button signs in again with that one permission added.
  await expect(page.getByTestId("fleet-row")).toHaveCount(5);
  await expect(page.getByTestId("fleet-table")).not.toContainText("Woodgrove Retail (");
  await expect(page.getByTestId("trust-findings")).not.toContainText("wrote nothing");
  for (const [button, account] of [["fleet-names-source", "admin@woodgrove"], ["fleet-names-target", "admin@litware"], ["fleet-mto", "admin@litware"]]) {
    await page.getByTestId(button).click();
    await page.getByRole("button", { name: new RegExp(account) }).click();
    await expect(page).toHaveURL(/\/fleet$/);
    await expect(page.getByTestId(button)).toHaveCount(0);
  }
  // The fleet's reads, counted on a refresh once every page read is done.
  await page.waitForLoadState("networkidle");
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("fleet-refresh").click();

  const rows = page.getByTestId("fleet-row");
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId("fleet-summary")).toContainText("5 configuration(s), 5 shown, 1 with a warning or a problem");
  // Worst first: the configuration whose target never allowed sync.
  await expect(rows.first()).toHaveAttribute("data-health", "Problem");
  await expect(rows.first()).toContainText("Woodgrove to Woodgrove Retail");
  await expect(rows.first()).toContainText("Woodgrove Retail (da756b4a-a45a-5d41-8e0c-29d61723d7a2)");
  await expect(rows.first()).toContainText("Active / Quarantine");
  await expect(rows.first()).toContainText("Quarantine: EncounteredQuarantineException");
  for (const i of [1, 2, 3, 4]) await expect(rows.nth(i)).toHaveAttribute("data-health", "Healthy");
  await expect(page.getByTestId("fleet-table")).toContainText("Woodgrove to Woodgrove EU");
  await expect(rows.filter({ hasText: "Woodgrove to Woodgrove EU" })).toContainText("12, 2", { useInnerText: true });

  // The reads: the list, one $batch for five jobs and five settings, one for the five names.
  const trips = async () => {
    const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value as any[];
    return log.filter((e) => /^\/(v1\.0|beta)\//.test(e.path) && !e.inBatch && e.tokenTenant === "2a89df31-6ea5-5671-9caf-9a9f4333c26b").map((e) => e.path.split("?")[0]);
  };
  await expect.poll(trips).toEqual(["/v1.0/servicePrincipals", "/beta/$batch", "/v1.0/$batch"]);

  // Sort and filter.
  await page.getByTestId("fleet-sort-Name").click();
  await expect(rows.first()).toContainText("Woodgrove to Litware");
  await page.getByTestId("fleet-sort-Name").click();
  await expect(rows.first()).toContainText("Woodgrove to Woodgrove US");
  await page.getByTestId("fleet-filter").fill("labs");
  await expect(rows).toHaveCount(1);
  await page.getByTestId("fleet-filter").fill("");
  await page.getByTestId("fleet-problems").check();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Retail");

  // The target's partners and the trust review.
  const partners = page.getByTestId("partner-row");
  await expect(partners).toHaveCount(4);
  await expect(page.locator(`[data-testid="partner-row"][data-tenant="${FABRIKAM}"]`)).toContainText("none seen");
  await expect(page.locator('[data-testid="partner-row"]').filter({ hasText: "Adatum" })).not.toContainText("none seen");
  const trust = page.getByTestId("trust-findings");
  await expect(trust).toContainText(`Fabrikam (${FABRIKAM}) is allowed to sync but wrote nothing in 30 days`);
  await expect(trust).toContainText("Adatum (89c7bd53-a536-56eb-acb4-0870f2a8293e) may sync users into this tenant");
  await expect(trust).not.toContainText("Adatum (89c7bd53-a536-56eb-acb4-0870f2a8293e) is allowed to sync but wrote nothing");
  await expect(trust).toContainText("Woodgrove (2a89df31-6ea5-5671-9caf-9a9f4333c26b) may sync users and groups into this tenant");

  // The multi-tenant organization beside the partners.
  const mto = page.getByTestId("mto-row");
  await expect(mto).toHaveCount(4);
  await expect(mto.filter({ hasText: "Woodgrove (2a89df31" })).toContainText("owner");
  await expect(mto.filter({ hasText: "Adatum" })).toContainText("pending");
  await expect(mto.filter({ hasText: "Woodgrove EU" })).toContainText(/member\s*active\s*no/);

  // The idle partner's change, planned and applied: one PATCH of both switches, then read again.
  const change = page.locator(`[data-testid="trust-changes"] [data-write="stop-sync-${FABRIKAM}"]`);
  await expect(change).toContainText(`PATCH /beta/policies/crossTenantAccessPolicy/partners/${FABRIKAM}/identitySynchronization`);
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await change.getByTestId("trust-apply").click();
  await expect(page.getByTestId("trust-applied")).toContainText("Done: Stop inbound user and group sync from Fabrikam");
  await expect(page.locator(`[data-testid="partner-row"][data-tenant="${FABRIKAM}"]`)).toContainText(/Fabrikam.*offoffon/);
  await expect(trust).not.toContainText("Fabrikam (" + FABRIKAM + ") is allowed to sync");
  const writes = ((await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value as any[]).filter((e) => e.method !== "GET" && !e.path.endsWith("$batch"));
  expect(writes.map((e) => `${e.method} ${e.path}`)).toEqual([`PATCH /beta/policies/crossTenantAccessPolicy/partners/${FABRIKAM}/identitySynchronization`]);

  // A row opens Monitor for that configuration, with its alert queries.
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/monitor\?configuration=/);
  await expect(page.getByTestId("monitor-chosen")).toBeVisible();
  await expect(page.getByTestId("job-overview")).toContainText("Woodgrove to Woodgrove Retail");
  await expect(page.getByTestId("job-quarantine")).toContainText("EncounteredQuarantineException");
  const alerts = page.getByTestId("alert-queries");
  await alerts.getByText("Objects failing").click();
  await expect(alerts.getByTestId("alert-failures")).toContainText("AADProvisioningLogs");
  await expect(alerts.getByTestId("alert-failures")).toContainText(/JobId == "Azure2Azure\.[0-9a-f]+\.2a89df316ea556719caf9a9f4333c26b"/);
  await expect(alerts.getByTestId("alert-target-writes")).toHaveCount(0);
});
