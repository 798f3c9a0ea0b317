// The readiness matrix across both sandbox tenants, before any write.
import { test, expect, Page } from "@playwright/test";
import { SANDBOX, grantIfAsked, signIn, step } from "./helpers";

async function connect(page: Page, source: string, sourceAccount: string, target: string, targetAccount: string) {
  await page.goto("/setup");
  await signIn(page, "source", source, sourceAccount);
  await signIn(page, "target", target, targetAccount);
  await step(page, "readiness");
  await grantIfAsked(page, "Grant read access in the source tenant", sourceAccount);
  await expect(page.getByTestId("readiness-table")).toBeVisible();
}

function row(page: Page, id: string) {
  return page.locator(`[data-check="${id}"]`);
}

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
});

test("a well-prepared pair passes every check in two Graph round trips, and nothing is written", async ({ page }) => {
  await connect(page, "fabrikam.onmicrosoft.com", "admin@fabrikam.onmicrosoft.com", "contoso.onmicrosoft.com", "admin@contoso.onmicrosoft.com");
  // The plan's own read (beside the rail) is done before the count starts.
  await expect(page.getByTestId("plan-counts")).toContainText("write(s) to the target");
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("readiness-run").click();
  await expect(page.getByTestId("readiness-summary")).toHaveText(/^\d+ passed, 0 warnings, 0 failed$/);
  await expect(row(page, "source-licence-groups")).toHaveAttribute("data-verdict", "Pass");
  await expect(row(page, "source-roles")).toContainText("Hybrid Identity Administrator");
  await expect(row(page, "same-cloud")).toContainText("Microsoft Azure (global)");
  await expect(row(page, "target-partner")).toContainText("no partner configuration for Fabrikam yet");
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
  const graph = log.filter((e: any) => /^\/(v1\.0|beta)\//.test(e.path) && !e.inBatch);
  expect(graph.map((e: any) => `${e.method} ${e.path}`)).toEqual(expect.arrayContaining(["POST /v1.0/$batch", "POST /beta/$batch"]));
  expect(graph.length).toBe(2);
  expect(graph.every((e: any) => e.method === "GET" || e.path.endsWith("/$batch"))).toBe(true);
});

test("the too-few-roles admin fails the role check and is told what to activate", async ({ page }) => {
  await connect(page, "fabrikam.onmicrosoft.com", "reader@fabrikam.onmicrosoft.com", "contoso.onmicrosoft.com", "reader@contoso.onmicrosoft.com");
  await expect(row(page, "source-roles")).toHaveAttribute("data-verdict", "Fail");
  await expect(row(page, "source-roles")).toContainText("lacks Security Administrator, Hybrid Identity Administrator");
  await expect(row(page, "source-roles").getByRole("link", { name: /Roles and administrators/ })).toBeVisible();
  await expect(row(page, "target-roles")).toHaveAttribute("data-verdict", "Fail");
  await expect(page.getByTestId("readiness-summary")).toContainText(/[1-9]\d* failed/);
});

test("a source without the Governance licence warns that groups cannot sync", async ({ page }) => {
  await connect(page, "northwind.onmicrosoft.com", "admin@northwind.onmicrosoft.com", "contoso.onmicrosoft.com", "admin@contoso.onmicrosoft.com");
  await expect(row(page, "source-licence-users")).toHaveAttribute("data-verdict", "Pass");
  await expect(row(page, "source-licence-groups")).toHaveAttribute("data-verdict", "Warning");
  await expect(row(page, "source-licence-groups")).toContainText("groups cannot");
});

test("a throttled batch is waited out and the matrix still completes", async ({ page }) => {
  await connect(page, "fabrikam.onmicrosoft.com", "admin@fabrikam.onmicrosoft.com", "contoso.onmicrosoft.com", "admin@contoso.onmicrosoft.com");
  await page.request.put(`${SANDBOX}/_sandbox/faults`, { data: { rules: [{ pathContains: "/$batch", count: 2, effect: { kind: "throttle", retryAfter: 1 } }] } });
  try {
    await page.getByTestId("readiness-run").click();
    await expect(page.getByTestId("readiness-summary")).toHaveText(/^\d+ passed, 0 warnings, 0 failed$/);
  } finally {
    await page.request.delete(`${SANDBOX}/_sandbox/faults`);
  }
});
