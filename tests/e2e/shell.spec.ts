// The release build starts under its Content-Security-Policy, renders the shell and navigates.
import { test, expect } from "@playwright/test";

test.describe("app shell", () => {
  test("the release build renders the header, both tenants and the setup page", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.goto("/");
    await expect(page).toHaveURL(/\/setup\/connect$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set up cross-tenant synchronization");
    await expect(page.getByTestId("tenant-badge-source")).toContainText("Not connected");
    await expect(page.getByTestId("tenant-badge-target")).toContainText("Not connected");
    const rail = page.getByRole("navigation", { name: "Setup steps" }).locator(".rail__item");
    await expect(rail).toHaveCount(10);
    await expect(rail.first()).toContainText("Connect");
    await expect(rail.last()).toContainText("Start");
    // Only the header's Setup and the rail's Connect are the current page; the blocked steps'
    // "Go to Connect" links lead there but are not it.
    await expect(page.locator("[aria-current=page]")).toHaveText(["Setup", /^1\s*Connect/]);
    await expect(rail.nth(1).getByRole("link", { name: "Go to Connect" })).not.toHaveAttribute("aria-current", /.*/);
    // A step that does not exist says so and leads back.
    await page.goto("/setup/no-such-step");
    await expect(page.getByTestId("step-unknown")).toContainText("does not exist");
    expect(errors).toEqual([]);
  });

  test("navigation reaches Monitor and About, and back and forward work", async ({ page }) => {
    await page.goto("/setup");
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Monitor" }).click();
    await expect(page.getByTestId("page-monitor")).toBeVisible();
    await expect(nav.getByRole("link", { name: "Monitor" })).toHaveAttribute("aria-current", "page");
    await nav.getByRole("link", { name: "About" }).click();
    await expect(page.getByRole("heading", { name: "Limits of the service" })).toBeVisible();
    await page.goBack();
    await expect(page.getByTestId("page-monitor")).toBeVisible();
    await page.goForward();
    await expect(page.getByTestId("page-about")).toBeVisible();
  });

  test("a deep link loads its page and an unknown path says so", async ({ page }) => {
    await page.goto("/about");
    await expect(page.getByTestId("page-about")).toBeVisible();
    await page.goto("/no/such/page");
    await expect(page.getByTestId("page-not-found")).toBeVisible();
  });

  test("every control is reachable by keyboard with a visible focus ring", async ({ page }) => {
    await page.goto("/setup");
    await expect(page.getByTestId("page-setup")).toBeVisible();
    const reached: string[] = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press("Tab");
      const info = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return { name: el.textContent?.trim() ?? "", outline: style.outlineStyle };
      });
      if (info === null) break; // wrapped past the last control
      reached.push(info.name);
      expect(info.outline, `focus ring on "${info.name}"`).not.toBe("none");
    }
    for (const name of ["Skip to content", "Setup", "Monitor", "About"]) expect(reached).toContain(name);
    expect(reached.some((n) => n.includes("theme"))).toBe(true);
  });

  test("the theme toggle switches light and dark and is remembered", async ({ page }) => {
    await page.goto("/setup");
    const toggle = page.getByTestId("theme-toggle");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await toggle.click(); // System -> Light
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    const light = await background();
    await toggle.click(); // Light -> Dark
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await background()).not.toBe(light);
    // On the next load the stored theme is there at the first frame (boot.js shows it before the
    // first paint; the wasm comes later): no flash of the system theme.
    await page.addInitScript(() => requestAnimationFrame(() => { (window as any).__themeAtFirstFrame = document.documentElement.dataset.theme ?? "none"; }));
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await page.evaluate(() => (window as any).__themeAtFirstFrame)).toBe("dark");
  });

  test("at 200 % zoom nothing needs horizontal scrolling", async ({ browser }) => {
    // 200 % zoom of a 1280 px window is a 640 CSS-pixel viewport at device scale 2.
    const context = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto("/setup");
    await expect(page.getByTestId("page-setup")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});

test.describe("content security policy", () => {
  test("the page runs under a CSP that forbids inline script, and an injected inline script is blocked", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => { if (m.text().includes("Content Security Policy")) violations.push(m.text()); });
    const response = await page.goto("/setup");
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self' 'wasm-unsafe-eval'");
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(meta).not.toContain("unsafe-inline");
    await expect(page.getByTestId("page-setup")).toBeVisible();
    expect(violations).toEqual([]);
    const ran = await page.evaluate(async () => {
      (window as any).__injected = false;
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as any).__injected;
    });
    expect(ran).toBe(false);
    await expect(page.getByTestId("page-setup")).toBeVisible();
  });
});

test.describe("config.json", () => {
  test("a missing key gets an error page that names it", async ({ page }) => {
    await page.route("**/config.json", (route) =>
      route.fulfill({ contentType: "application/json", body: JSON.stringify({ clientId: "7d2b6f1c-3c1e-4a53-9b1e-5a0c2f6d8e41", authorityHost: "https://login.microsoftonline.com", redirectUri: "http://127.0.0.1/" }) }));
    await page.goto("/setup");
    await expect(page.getByTestId("config-error")).toBeVisible();
    await expect(page.getByTestId("config-error-key")).toHaveText("graphBaseUrl");
  });

  test("a malformed value gets an error page that names the key and the value", async ({ page }) => {
    await page.route("**/config.json", (route) =>
      route.fulfill({ contentType: "application/json", body: JSON.stringify({ clientId: "not-a-guid", authorityHost: "https://login.microsoftonline.com", graphBaseUrl: "https://graph.microsoft.com", redirectUri: "http://127.0.0.1/" }) }));
    await page.goto("/setup");
    await expect(page.getByTestId("config-error-key")).toHaveText("clientId");
    await expect(page.getByRole("alert")).toContainText("not-a-guid");
  });

  test("a config.json that is not JSON is reported", async ({ page }) => {
    await page.route("**/config.json", (route) => route.fulfill({ status: 404, body: "not found" }));
    await page.goto("/setup");
    await expect(page.getByRole("alert")).toContainText("HTTP 404");
  });
});
