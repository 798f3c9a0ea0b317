// The mapping and scoping-filter editor against the sandbox: edit, diff, save (one full PUT),
// re-read; invalid mappings cannot be saved and the sandbox refuses them too; concurrent changes
// are detected; scoping filters are checked and previewed on the assigned groups.
import { test, expect, Page, APIRequestContext } from "@playwright/test";
import { SANDBOX, applyAndStart, connectWithWriteAccess, openMappings, selectGroups, step } from "./helpers";

const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
});

/** Sets up a started configuration with Sales and Leavers assigned and group sync allowed, then
 *  opens the editor with its permissions granted. */
async function openEditor(page: Page) {
  await connectWithWriteAccess(page);
  await selectGroups(page, [["leavers", "Leavers"], ["sales", "Sales"]]);
  await step(page, "settings");
  await page.getByLabel("Sync security groups too (the target's groupSyncInbound switch is beta-only in Graph)").check();
  await applyAndStart(page);
  await openMappings(page);
}

/** The schema's URL and a token, straight from the sandbox (as another admin would have). */
async function direct(request: APIRequestContext) {
  const { access_token } = await (await request.post(`${SANDBOX}/_sandbox/token`, {
    data: { tenantId: FABRIKAM, userPrincipalName: "admin@fabrikam.onmicrosoft.com", scopes: "Synchronization.ReadWrite.All Application.Read.All" },
  })).json();
  const headers = { Authorization: `Bearer ${access_token}` };
  const dump = await (await request.get(`${SANDBOX}/_sandbox/state/${FABRIKAM}`)).json();
  const config = dump.configurationDetails[0];
  const url = `${SANDBOX}/v1.0/servicePrincipals/${config.id}/synchronization/jobs/${config.jobs[0].id}/schema`;
  return { url, headers };
}

function schemaWrites(log: any[]) {
  return log.filter((e: any) => e.method !== "GET" && /\/schema$/.test(e.path)).map((e: any) => e.method);
}

test("an edited mapping shows its diff, saves with one full PUT, reads back, and the engine uses it", async ({ page }) => {
  await openEditor(page);
  const rows = page.getByTestId("mapping-rows");
  await expect(rows.locator('tr[data-target="alternativeSecurityIds"]')).toContainText("Matching (1), locked");
  await expect(rows.getByRole("button", { name: "Edit the mapping to alternativeSecurityIds" })).toBeDisabled();
  await rows.getByRole("button", { name: "Edit the mapping to displayName" }).click();
  const form = page.getByTestId("row-form");
  await form.getByLabel("Mapping type").selectOption("Expression");
  await form.getByLabel("Expression").fill('Append([displayName], " (Fabrikam)")');
  await expect(form).toContainText("Valid expression; it gives String.");

  // Test on a real object through the sandbox's parseExpression.
  await form.getByText("Test on a real object").click();
  await form.getByLabel("Find a source user by name").fill("ada");
  await form.getByRole("button", { name: "Find" }).click();
  await form.getByRole("button", { name: /Test with Ada Lovelace/ }).click();
  await expect(form.getByTestId("expression-result")).toContainText("Ada Lovelace (Fabrikam)");

  await form.getByTestId("row-apply").click();
  const diff = page.getByTestId("schema-diff");
  await expect(diff).toContainText("Changed attribute mapping");
  await expect(diff).toContainText("[displayName] → displayName (Always)");
  await expect(diff).toContainText('Append([displayName], " (Fabrikam)") → displayName (Always)');

  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("schema-save").click();
  await expect(page.getByTestId("schema-notice")).toContainText("Saved with one PUT of the whole schema, and read back unchanged");
  await expect(page.getByTestId("schema-diff-empty")).toBeVisible();
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
  expect(schemaWrites(log)).toEqual(["PUT"]);

  // Re-read after a reload: the service holds the new mapping.
  await page.reload();
  await expect(page.getByTestId("mapping-rows").locator('tr[data-target="displayName"]')).toContainText('Append([displayName], " (Fabrikam)")');
  // And the engine applies it.
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const target = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  expect(target.syncedUsers.map((u: any) => u.displayName)).toContain("Ada Lovelace (Fabrikam)");
});

test("an invalid mapping cannot be applied or saved, and the sandbox refuses the same schema with SchemaInvalid", async ({ page }) => {
  await openEditor(page);
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  const rows = page.getByTestId("mapping-rows");
  await rows.getByRole("button", { name: "Edit the mapping to displayName" }).click();
  const form = page.getByTestId("row-form");
  await form.getByLabel("Mapping type").selectOption("Expression");
  await form.getByLabel("Expression").fill('append([displayName], "x")');
  await expect(form.getByTestId("expression-error")).toContainText("at character 1");
  await expect(form.getByTestId("expression-error")).toContainText("did you mean Append?");
  await expect(form.getByTestId("row-apply")).toBeDisabled();
  await form.getByRole("button", { name: "Cancel" }).click();

  await page.getByTestId("mapping-add").click();
  await form.getByLabel("Source attribute").fill("mail");
  await form.getByLabel("Target attribute").fill("proxyAddresses");
  await expect(form.getByTestId("row-findings")).toContainText("'proxyAddresses' cannot be a target");
  await expect(form.getByTestId("row-apply")).toBeDisabled();
  await form.getByRole("button", { name: "Cancel" }).click();

  // Removing a mandatory group attribute is shown as an error and blocks the save.
  await page.getByRole("button", { name: /Provision Azure Active Directory Groups/ }).click();
  await rows.getByRole("button", { name: "Remove the mapping to securityEnabled" }).click();
  await expect(page.getByTestId("schema-findings").locator('[data-rule="mandatory"]')).toContainText("'securityEnabled' is mandatory");
  await expect(page.getByTestId("schema-save")).toBeDisabled();
  await expect(page.getByTestId("save-blocked")).toBeVisible();
  await page.getByTestId("schema-discard").click();

  // An imported schema is linted like an edit: otherMails as a target is refused.
  const { url, headers } = await direct(page.request);
  // A read carries @odata.context, which a PUT must not send back.
  const { ["@odata.context"]: _context, ...schema } = await (await page.request.get(url, { headers })).json();
  schema.synchronizationRules[0].objectMappings[0].attributeMappings.push({
    source: { type: "Attribute", name: "mail", expression: "[mail]", parameters: [] },
    targetAttributeName: "otherMails", defaultValue: null, flowType: "Always", flowBehavior: "FlowWhenChanged", matchingPriority: 0, exportMissingReferences: false,
  });
  await page.getByText("Import a schema (JSON)").click();
  await page.getByTestId("schema-import").fill("{ not json");
  await page.getByTestId("schema-import-check").click();
  await expect(page.getByTestId("import-error")).toContainText("not valid JSON (line 1, column 3)");
  await page.getByTestId("schema-import").fill(JSON.stringify(schema));
  await page.getByTestId("schema-import-check").click();
  await expect(page.getByTestId("schema-diff")).toContainText("Added attribute mapping");
  await expect(page.getByTestId("schema-findings").locator('[data-rule="forbidden-target"]')).toContainText("'otherMails' cannot be a target");
  await expect(page.getByTestId("schema-save")).toBeDisabled();

  // Five bad inputs above (an unknown function, a forbidden target, a mandatory attribute removed, an
  // import that is not JSON, an import with a forbidden target): the app sent no write at all.
  const appWrites = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value
    .filter((e: any) => e.origin && e.method !== "GET" && /^\/(v1\.0|beta)\//.test(e.path));
  expect(appWrites).toEqual([]);

  // The guard is proven against the engine: the sandbox answers SchemaInvalid to the same schema.
  const put = await page.request.put(url, { headers, data: schema });
  expect(put.status()).toBe(400);
  expect((await put.json()).error.code).toBe("SchemaInvalid");
  // And it refuses PATCH, as the service does.
  const patch = await page.request.patch(url, { headers, data: {} });
  expect(patch.status()).toBeGreaterThanOrEqual(400);
});

test("a change made by someone else meanwhile is detected and nothing is overwritten", async ({ page }) => {
  await openEditor(page);
  await page.getByTestId("mapping-rows").getByRole("button", { name: "Remove the mapping to mail" }).click();
  await expect(page.getByTestId("schema-diff")).toContainText("Removed attribute mapping");

  // Another admin changes the schema directly.
  const { url, headers } = await direct(page.request);
  const { ["@odata.context"]: _ctx, ...theirs } = await (await page.request.get(url, { headers })).json();
  theirs.synchronizationRules[0].objectMappings[0].attributeMappings.find((a: any) => a.targetAttributeName === "department").flowType = "ObjectAddOnly";
  expect((await page.request.put(url, { headers, data: theirs })).status()).toBe(204);

  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("schema-save").click();
  await expect(page.getByTestId("error-view")).toContainText("changed by someone else");
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
  expect(schemaWrites(log)).toEqual([]);
  const { ["@odata.context"]: _now, ...now } = await (await page.request.get(url, { headers })).json();
  expect(now).toEqual(theirs);
  // The admin's edit is still in the working copy.
  await expect(page.getByTestId("schema-diff")).toContainText("Removed attribute mapping");
});

test("scoping filters: values are checked, the preview shows who passes, and the engine follows the saved filter", async ({ page }) => {
  await openEditor(page);
  await page.getByRole("button", { name: /Provision Azure Active Directory Groups/ }).click();
  await expect(page.getByTestId("mapping-enabled")).toBeChecked();
  const scope = page.getByTestId("scope-editor");
  await scope.getByTestId("scope-group-add").click();
  await scope.getByLabel("Clause 1: attribute").selectOption("displayName");
  await scope.getByLabel("Operator").selectOption("REGEX MATCH");
  await scope.getByLabel("Value").fill("(Sales");
  await scope.getByLabel("Value").press("Tab");
  await expect(scope.getByTestId("clause-error")).toContainText("not a valid regular expression");
  await expect(page.getByTestId("schema-save")).toBeDisabled();
  await scope.getByLabel("Value").fill("^Sales$");
  await scope.getByLabel("Value").press("Tab");
  await expect(scope.getByTestId("clause-error")).toHaveCount(0);

  await scope.getByTestId("scope-preview-load").click();
  await expect(scope.getByTestId("scope-preview-summary")).toHaveText("1 of 2 assigned groups pass the filter.");
  await expect(scope.getByTestId("scope-preview")).toContainText("In scope Sales");
  await expect(scope.getByTestId("scope-preview")).toContainText("Out of scope Leavers");
  await expect(page.getByTestId("schema-diff")).toContainText('Filter group 1: displayName REGEX MATCH "^Sales$"');

  await page.getByTestId("schema-save").click();
  await expect(page.getByTestId("schema-notice")).toContainText("Saved");
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const target = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  expect(target.syncedGroups.map((g: any) => g.displayName)).toEqual(["Sales"]);
  const source = await (await page.request.get(`${SANDBOX}/_sandbox/state/${FABRIKAM}`)).json();
  expect(source.provisioning.filter((e: any) => e.displayName === "Leavers").map((e: any) => e.errorCode)).toEqual(["NotEffectivelyEntitled"]);
});
