// Shared steps for the end-to-end specs: they drive the real sandbox sign-in pages.
import { expect, Page } from "@playwright/test";

export const SANDBOX = process.env.TB_SANDBOX_URL!;

/** Signs in to one side through the sandbox's authorize page, picking `account`. */
export async function signIn(page: Page, role: "source" | "target", tenant: string, account: string) {
  const card = page.getByTestId(`tenant-card-${role}`);
  await card.getByLabel("Tenant ID or domain").fill(tenant);
  await card.getByRole("button", { name: /Sign in to the/ }).click();
  await page.getByRole("button", { name: new RegExp(account) }).click();
  await expect(page.getByTestId(`profile-${role}`)).toBeVisible();
}
