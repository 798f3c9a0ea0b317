// Configuration as code: export a pair as one document (valid against docs/pair-document.schema.json),
// rebuild it from the document after a reset, promote it to another pair with other object IDs,
// find each kind of drift made behind the app's back and plan it away, and refuse bad documents
// without sending anything.
import { test, expect, Page, Browser, APIRequestContext } from "@playwright/test";
import Ajv2020 from "ajv/dist/2020";
import * as fs from "fs";
import * as path from "path";
import { SANDBOX, Admin, FABRIKAM_ADMIN, CONTOSO_ADMIN, connectWithWriteAccess, selectGroups, applyAndStart, step, GROUP_SYNC_LABEL } from "./helpers";

const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";
const CONTOSO = "b3dc6c65-54f5-553b-935b-b02a6b5be925";
const STAGING_SOURCE: Admin = { tenant: "fabrikamstaging.onmicrosoft.com", account: "admin@fabrikamstaging.onmicrosoft.com", name: "Fabrikam (staging)" };
const STAGING_TARGET: Admin = { tenant: "contosostaging.onmicrosoft.com", account: "admin@contosostaging.onmicrosoft.com", name: "Contoso (staging)" };

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../../docs/pair-document.schema.json"), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

test.describe.configure({ timeout: 90_000 });

/** Sets up `source` → `target` through the wizard: Sales UK and Grace Hopper's group-free scope
 *  (Sales UK only), group sync, started. */
async function setUp(page: Page, source: Admin = FABRIKAM_ADMIN, target: Admin = CONTOSO_ADMIN) {
  await connectWithWriteAccess(page, source, target);
  await selectGroups(page, [["sales uk", "Sales UK"]]);
  await step(page, "settings");
  await page.getByLabel(GROUP_SYNC_LABEL).check();
  await applyAndStart(page);
}

async function openAsCode(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "As code" }).click();
  await expect(page.getByTestId("page-as-code")).toBeVisible();
}

/** Exports the signed-in pair; returns the document's text. */
async function exportPair(page: Page): Promise<string> {
  await openAsCode(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("as-code-export").click()]);
  await expect(page.getByTestId("as-code-exported")).toContainText("Exported");
  return fs.readFileSync((await download.path())!, "utf8");
}

/** Pastes a document on the As code page and checks it. */
async function importText(page: Page, text: string) {
  await openAsCode(page);
  await page.getByTestId("as-code-text").fill(text);
  await page.getByTestId("as-code-check").click();
}

/** From a checked document with every object found: plan, review, apply, and wait for nothing left. */
async function planAndApply(page: Page) {
  await expect(page.getByTestId("match-summary")).toContainText(/^(\d+) of \1 found\.$/);
  await page.getByTestId("as-code-plan").click();
  await expect(page).toHaveURL(/\/setup\/review$/);
  await expect(page.getByTestId("plan-document")).toBeVisible();
  await expect(page.getByTestId("plan-list")).toBeVisible({ timeout: 15_000 });
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
}

function withoutOrigin(text: string) {
  const doc = JSON.parse(text);
  delete doc.exportedFrom;
  return doc;
}

async function state(request: APIRequestContext, tenant: string) {
  return (await request.get(`${SANDBOX}/_sandbox/state/${tenant}`)).json();
}

/** Graph as another admin of Fabrikam would call it, behind the app's back. */
async function behindTheBack(request: APIRequestContext) {
  const { access_token } = await (await request.post(`${SANDBOX}/_sandbox/token`, {
    data: { tenantId: FABRIKAM, userPrincipalName: "admin@fabrikam.onmicrosoft.com", scopes: "Policy.ReadWrite.CrossTenantAccess Synchronization.ReadWrite.All Application.ReadWrite.All AppRoleAssignment.ReadWrite.All Application.Read.All" },
  })).json();
  const headers = { Authorization: `Bearer ${access_token}` };
  const config = (await state(request, FABRIKAM)).configurationDetails[0];
  const sp = `${SANDBOX}/v1.0/servicePrincipals/${config.id}`;
  const schemaUrl = `${sp}/synchronization/jobs/${config.jobs[0].id}/schema`;
  const editSchema = async (edit: (s: any) => void) => {
    const s = await (await request.get(schemaUrl, { headers })).json();
    for (const k of Object.keys(s)) if (k.startsWith("@odata.")) delete s[k];
    edit(s);
    expect((await request.put(schemaUrl, { headers, data: s })).status()).toBe(204);
  };
  return { headers, sp, editSchema };
}

function writesIn(log: any[]) {
  return log.filter((e: any) => e.method !== "GET" && !e.path.endsWith("/$batch") && /^\/(v1\.0|beta)\//.test(e.path));
}

test("an exported pair is valid against the JSON Schema; after a reset, applying it rebuilds the pair and exporting again gives the same document", async ({ page, browser }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await setUp(page);
  const first = await exportPair(page);
  const doc = JSON.parse(first);
  expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  expect(doc.source.tenantId).toBe(FABRIKAM);
  expect(doc.configuration.assignments.map((a: any) => [a.principalType, a.displayName, a.mailNickname])).toEqual([["Group", "Sales UK", "SalesUK"]]);
  expect(doc.target.inboundSync).toEqual({ users: true, groups: true });
  expect(doc.configuration.schema.synchronizationRules[0].objectMappings.map((m: any) => [m.sourceObjectName, m.enabled])).toEqual([["User", true], ["Group", true]]);

  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  const fresh = await (await browser.newContext()).newPage();
  await connectWithWriteAccess(fresh);
  await openAsCode(fresh);
  await fresh.getByTestId("as-code-file").setInputFiles({ name: "pair.json", mimeType: "application/json", buffer: Buffer.from(first) });
  await expect(fresh.getByTestId("as-code-text")).toHaveValue(first);
  await fresh.request.delete(`${SANDBOX}/_sandbox/requests`);
  await fresh.getByTestId("as-code-check").click();
  await expect(fresh.getByTestId("as-code-pair")).toContainText("made on the pair you are signed in to");
  await expect(fresh.getByTestId("drift-no-live")).toContainText("no cross-tenant sync configuration yet");
  await expect(fresh.getByTestId("match-summary")).toHaveText("1 of 1 found.");
  expect(writesIn((await (await fresh.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value), "checking sends nothing").toEqual([]);

  // The plan from the document, kept as a PowerShell script too.
  await fresh.getByTestId("as-code-plan").click();
  await expect(fresh.getByTestId("plan-list")).toBeVisible({ timeout: 15_000 });
  await expect(fresh.locator('.plan-item[data-write="mappings"]')).toContainText("PUT /v1.0/servicePrincipals/{configurationId}/synchronization/jobs/{jobId}/schema");
  await expect(fresh.locator('.plan-item[data-write="group-mapping"]')).toHaveCount(0);
  const [script] = await Promise.all([fresh.waitForEvent("download"), fresh.getByTestId("plan-powershell").click()]);
  const ps = fs.readFileSync((await script.path())!, "utf8");
  expect(ps.match(/^Connect-MgGraph /gm)).toHaveLength(2);
  expect(ps).toContain("$configurationId = $created.servicePrincipal.id");
  expect(ps).toContain("-Method PUT -Uri \"$graph/v1.0/servicePrincipals/$configurationId/synchronization/jobs/$jobId/schema\"");
  expect(ps).not.toMatch(/-Method PATCH -Uri "[^"]*\/schema"/);
  await fresh.getByTestId("plan-apply").click();
  await expect(fresh.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });

  const again = await exportPair(fresh);
  expect(withoutOrigin(again)).toEqual(withoutOrigin(first));
  expect(JSON.parse(again).exportedFrom.configurationId).not.toBe(doc.exportedFrom.configurationId);
});

test("promotion: a document from the staging pair, applied to another pair with other object IDs, provisions the same names", async ({ page, browser }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await setUp(page, STAGING_SOURCE, STAGING_TARGET);
  const text = await exportPair(page);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });

  const prod = await (await browser.newContext()).newPage();
  await connectWithWriteAccess(prod);
  await importText(prod, text);
  await expect(prod.getByTestId("as-code-pair")).toContainText("made on another pair: Fabrikam (staging)");
  await expect(prod.getByTestId("as-code-key")).toHaveValue("displayName");
  const row = prod.getByTestId("match-row");
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-outcome", "found");
  await expect(row).toContainText("Sales UK (2d3179ad-2027-5543-8c2e-c9984ee5b8f4)");
  await planAndApply(prod);
  await prod.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });

  const staging = await state(prod.request, STAGING_TARGET.tenant);
  const production = await state(prod.request, "contoso.onmicrosoft.com");
  const names = (s: any) => [...s.syncedUsers.map((u: any) => u.displayName), ...s.syncedGroups.map((g: any) => g.displayName)].sort();
  expect(names(staging).length).toBeGreaterThan(5);
  expect(names(production)).toEqual(names(staging));
  expect((await state(prod.request, FABRIKAM)).configurationDetails[0].assignments).toEqual(["Sales UK"]);
});

test.describe("drift made behind the app's back is found, named, and planned away", () => {
  let saved = "";
  test.beforeAll(async ({ browser }) => {
    const page = await (await browser.newContext()).newPage();
    await page.request.post(`${SANDBOX}/_sandbox/reset`);
    await setUp(page);
    saved = await exportPair(page);
    await page.context().close();
  });

  async function expectDrift(page: Page, rows: RegExp[]) {
    await connectWithWriteAccess(page, FABRIKAM_ADMIN, CONTOSO_ADMIN, false);
    await importText(page, saved);
    const items = page.getByTestId("drift-item");
    await expect(items).toHaveCount(rows.length);
    for (const [i, r] of rows.entries()) await expect(items.nth(i)).toHaveText(r);
    // Make the live pair equal the document again, through the ordinary plan.
    await planAndApply(page);
    await importText(page, saved);
    await expect(page.getByTestId("drift-none")).toBeVisible();
  }

  test("a partner switch", async ({ page }) => {
    const { headers } = await behindTheBack(page.request);
    const r = await page.request.patch(`${SANDBOX}/v1.0/policies/crossTenantAccessPolicy/partners/${CONTOSO}`, { headers, data: { automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: false } } });
    expect(r.status()).toBe(204);
    await expectDrift(page, [/^SourcePartner settingsOutbound automatic redemptiononoff$/]);
  });

  test("a mapping row", async ({ page }) => {
    const { editSchema } = await behindTheBack(page.request);
    await editSchema((s) => {
      const users = s.synchronizationRules[0].objectMappings.find((m: any) => m.sourceObjectName === "User");
      users.attributeMappings.find((a: any) => a.targetAttributeName === "displayName").flowType = "ObjectAddOnly";
    });
    await expectDrift(page, [/Changed attribute mapping\[displayName\] → displayName \(Always\)\[displayName\] → displayName \(ObjectAddOnly\)$/]);
  });

  test("a scoping filter clause", async ({ page }) => {
    const { editSchema } = await behindTheBack(page.request);
    await editSchema((s) => {
      const users = s.synchronizationRules[0].objectMappings.find((m: any) => m.sourceObjectName === "User");
      users.scope = { ...users.scope, groups: [{ name: "Only sales", clauses: [{ operatorName: "EQUALS", sourceOperandName: "department", targetOperand: { kind: "Constant", values: ["Sales"] } }] }] };
    });
    await expectDrift(page, [/Scoping filter.*department EQUALS "Sales"/]);
  });

  test("an assignment", async ({ page }) => {
    const { headers, sp } = await behindTheBack(page.request);
    const list = await (await page.request.get(`${sp}/appRoleAssignedTo`, { headers })).json();
    expect((await page.request.delete(`${sp}/appRoleAssignedTo/${list.value[0].id}`, { headers })).status()).toBe(204);
    await expectDrift(page, [/^SourceAssignmentsAssignmentGroup "Sales UK" \(2d3179ad-2027-5543-8c2e-c9984ee5b8f4\)not assigned$/]);
  });

  test("the deletion threshold, and updating the document from the pair instead", async ({ page }) => {
    const { headers, sp } = await behindTheBack(page.request);
    const secrets = (await (await page.request.get(`${SANDBOX}/beta/servicePrincipals/${sp.split("/").pop()}/synchronization/secrets`, { headers })).json()).value;
    const notification = secrets.find((s: any) => s.key === "SyncNotificationSettings");
    notification.value = JSON.stringify({ ...JSON.parse(notification.value), DeleteThresholdValue: 50 });
    expect((await page.request.put(`${sp}/synchronization/secrets`, { headers, data: { value: secrets } })).status()).toBe(204);
    await connectWithWriteAccess(page);
    await importText(page, saved);
    await expect(page.getByTestId("drift-item")).toHaveText([/^SourceConfigurationDeletion threshold50050$/]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("drift-update-document").click()]);
    const updated = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
    expect(updated.configuration.provisioning.deletionThreshold).toBe(50);
    await importText(page, JSON.stringify(updated));
    await expect(page.getByTestId("drift-none")).toBeVisible();
  });
});

test("bad documents get a message naming the field, and nothing is sent", async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await setUp(page);
  const good = await exportPair(page);
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  const refused = page.getByTestId("as-code-refused");
  const cases: [string, string][] = [
    ["{ not json", "This is not JSON (line 1, column 3"],
    [good.replace('"version": 1', '"version": 2'), "version: version 2 is not known to this app"],
    [good.replace('"kind": "tenantBridge.crossTenantSyncPair"', '"kind": "schema"'), "kind: expected \"tenantBridge.crossTenantSyncPair\""],
    [good.replace(/"notificationEmail": [^,]+,/, '"notificationEmail": "ops at fabrikam",'), "configuration.provisioning.notificationEmail:"],
    [good.replace(/"deletionThreshold": \d+/, '"deletionThreshold": "lots"'), "configuration.provisioning.deletionThreshold: invalid type"],
  ];
  // A document for the pair the other way round.
  const reversed = JSON.parse(good);
  [reversed.source.tenantId, reversed.target.tenantId] = [reversed.target.tenantId, reversed.source.tenantId];
  cases.push([JSON.stringify(reversed), "source.tenantId: this document syncs"]);
  for (const [text, message] of cases) {
    await importText(page, text);
    await expect(refused).toContainText(message);
    await expect(refused).toContainText("Nothing was sent.");
  }
  // A missing object and mappings the editor would refuse: found when planning, listed, not sent.
  const missing = JSON.parse(good);
  missing.configuration.assignments[0].principalId = "00000000-0000-4000-8000-00000000abcd";
  await importText(page, JSON.stringify(missing));
  await expect(page.getByTestId("match-row")).toHaveAttribute("data-outcome", "missing");
  await expect(page.getByTestId("match-row")).toContainText("no group in this tenant has object id \"00000000-0000-4000-8000-00000000abcd\"");
  await page.getByTestId("as-code-plan").click();
  await expect(refused).toContainText("configuration.assignments[0]");
  const broken = JSON.parse(good);
  const users = broken.configuration.schema.synchronizationRules[0].objectMappings[0];
  users.attributeMappings = users.attributeMappings.filter((a: any) => a.targetAttributeName !== "alternativeSecurityIds");
  await importText(page, JSON.stringify(broken));
  await page.getByTestId("as-code-plan").click();
  await expect(refused).toContainText("configuration.schema: The document's mappings would not pass the mapping editor's checks");
  await expect(refused).toContainText("alternativeSecurityIds");
  await expect(page).toHaveURL(/\/as-code$/);
  expect(writesIn((await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value)).toEqual([]);
});
