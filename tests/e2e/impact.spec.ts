// The blast radius of a scoping filter change: before saving, the editor names the users the next
// cycle will soft-delete in the target, asks for their count typed back, and the cycle then deletes
// exactly those users and nobody else.
import { test, expect } from "@playwright/test";
import * as fs from "fs";
import { SANDBOX, connectWithWriteAccess, selectGroupsUsersOnly, applyAndStart, openMappings } from "./helpers";

const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";

test("a scoping filter change names the users the next cycle soft-deletes, and the cycle deletes exactly them", async ({ page }) => {
  test.setTimeout(60_000);
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await connectWithWriteAccess(page);
  await selectGroupsUsersOnly(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const before = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  expect(before.syncedUsers).toHaveLength(21);

  await openMappings(page);
  const scope = page.getByTestId("scope-editor");
  await scope.getByTestId("scope-group-add").click();
  await scope.getByLabel("Clause 1: attribute").selectOption("department");
  await scope.getByLabel("Operator").selectOption("EQUALS");
  await scope.getByLabel("Value").fill("Sales");
  await scope.getByLabel("Value").press("Tab");
  const save = page.getByTestId("schema-save");
  await expect(save).toBeDisabled();

  const blast = page.getByTestId("blast-radius");
  await blast.getByTestId("blast-compute").click();
  await expect(blast.getByTestId("blast-summary")).toHaveText("In scope now: 21; after the change: 5. The next cycle soft-deletes 16 user(s) in the target and creates 0.");
  const named = (await blast.getByTestId("blast-removed").locator("li").allInnerTexts()).map((t) => t.replace(/ \([^)]*\)$/, "")).sort();
  expect(named).toHaveLength(16);
  expect(named).toContain("Ada Lovelace");
  expect(named).not.toContain("User 004");
  await expect(save).toBeDisabled();
  const [file] = await Promise.all([page.waitForEvent("download"), blast.getByTestId("blast-export-json").click()]);
  const exported = JSON.parse(fs.readFileSync((await file.path())!, "utf8"));
  expect(exported.softDeleted.map((u: any) => u.displayName).sort()).toEqual(named);
  expect([exported.inScopeBefore, exported.inScopeAfter, exported.heldByThreshold]).toEqual([21, 5, false]);
  await blast.getByTestId("blast-confirm").fill("15");
  await expect(save).toBeDisabled();
  await blast.getByTestId("blast-confirm").fill("16");
  await expect(save).toBeEnabled();
  await save.click();
  await expect(page.getByTestId("schema-notice")).toContainText("Saved");

  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const after = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  const gone = before.syncedUsers.map((u: any) => u.displayName).filter((n: string) => !after.syncedUsers.some((u: any) => u.displayName === n)).sort();
  expect(gone).toEqual(named);
  expect(after.deletedUsers).toBe(16);
  const source = await (await page.request.get(`${SANDBOX}/_sandbox/state/${FABRIKAM}`)).json();
  const deletes = source.provisioning.filter((e: any) => e.action === "delete").map((e: any) => e.displayName).sort();
  expect(deletes).toEqual(named);
});

test("switching a configuration from all users to assigned plans a restart and names the users the next cycle soft-deletes", async ({ page }) => {
  test.setTimeout(90_000);
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await connectWithWriteAccess(page);
  await selectGroupsUsersOnly(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  // Behind the app's back, the configuration is switched to "all users" and runs a cycle.
  const { access_token } = await (await page.request.post(`${SANDBOX}/_sandbox/token`, { data: { tenantId: FABRIKAM, userPrincipalName: "admin@fabrikam.onmicrosoft.com", scopes: "Synchronization.ReadWrite.All" } })).json();
  const headers = { Authorization: `Bearer ${access_token}` };
  const config = (await (await page.request.get(`${SANDBOX}/_sandbox/state/${FABRIKAM}`)).json()).configurationDetails[0];
  const secrets = (await (await page.request.get(`${SANDBOX}/beta/servicePrincipals/${config.id}/synchronization/secrets`, { headers })).json()).value;
  secrets.find((s: any) => s.key === "SyncAll").value = "true";
  expect((await page.request.put(`${SANDBOX}/v1.0/servicePrincipals/${config.id}/synchronization/secrets`, { headers, data: { value: secrets } })).status()).toBe(204);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const everyone = (await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json()).syncedUsers.length;
  expect(everyone).toBe(302);

  // The wizard reads the pair again: the plan puts "assigned only" back and restarts the job.
  await page.goto("/setup/review");
  await expect(page.getByTestId("plan-list")).toContainText("Restart the job", { timeout: 10_000 });
  const apply = page.getByTestId("plan-apply");
  await expect(apply).toBeDisabled();
  const forecast = page.getByTestId("removal-forecast");
  await expect(forecast).toContainText("takes effect only after a restart");
  await forecast.getByTestId("removal-compute").click();
  await expect(forecast.getByTestId("blast-summary")).toHaveText("In scope now: 302; after the removal: 21. The next cycle soft-deletes 281 user(s) in the target.");
  await expect(forecast.getByTestId("blast-removed").locator("li")).toHaveCount(50);
  await forecast.getByTestId("blast-confirm").fill("281");
  await expect(apply).toBeEnabled();
  await apply.click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const after = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  expect(after.syncedUsers).toHaveLength(21);
  expect(after.deletedUsers).toBe(281);
});
