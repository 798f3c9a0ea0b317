// What nginx serves with the server block `cargo xtask dist` wrote: the security headers on every
// answer, immutable caching only for hashed files, the page and config.json revalidated, deep links
// answered with the app, and the header CSP on its own blocking an injected inline script.
import { test, expect, APIResponse } from "@playwright/test";
import { writeFileSync, mkdirSync } from "node:fs";

const sandbox = process.env.TB_SANDBOX_URL!;
const IMMUTABLE = "public, max-age=31536000, immutable";

function security(r: APIResponse) {
  const h = r.headers();
  expect(h["content-security-policy"]).toBe(
    `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' ${sandbox}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`,
  );
  expect(h["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("no-referrer");
  expect(h["permissions-policy"]).toContain("camera=()");
  expect(h["x-frame-options"]).toBe("DENY");
  return h;
}

test("every answer carries the security headers; hashed files are immutable, the page, config and worker revalidated", async ({ request }) => {
  const seen: Record<string, Record<string, string>> = {};
  const page = await request.get("/");
  expect(page.status()).toBe(200);
  seen["/"] = security(page);
  expect(page.headers()["cache-control"]).toBe("no-cache");
  const html = await page.text();
  // The page's own CSP is narrowed too: no https: wildcard, no loopback besides the chosen hosts.
  const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)![1];
  expect(meta).toContain(`connect-src 'self' ${sandbox};`);
  expect(meta).not.toMatch(/https:[ ;]|localhost/);

  for (const deep of ["/setup/groups", "/monitor", "/no/such/page"]) {
    const r = await request.get(deep);
    expect(r.status(), deep).toBe(200);
    expect(r.headers()["content-type"]).toContain("text/html");
    expect(await r.text()).toBe(html);
    security(r);
  }

  const files = [...html.matchAll(/(?:href|src|data-js|data-link|data-wasm)="(\/[^"]+\.(?:js|css|wasm))"/g)].map((m) => m[1]);
  expect(files.some((f) => /^\/pkg-[0-9a-f]{16}\/.+\.wasm$/.test(f))).toBe(true);
  expect(files.length).toBeGreaterThanOrEqual(5);
  for (const f of files) {
    const r = await request.get(f);
    expect(r.status(), f).toBe(200);
    seen[f] = security(r);
    expect(r.headers()["cache-control"], f).toBe(IMMUTABLE);
    if (f.endsWith(".wasm")) expect(r.headers()["content-type"]).toBe("application/wasm");
    if (f.endsWith(".js")) expect(r.headers()["content-type"]).toMatch(/javascript/);
  }
  for (const f of ["/config.json", "/sw.js"]) {
    const r = await request.get(f);
    expect(r.status(), f).toBe(200);
    seen[f] = security(r);
    expect(r.headers()["cache-control"], f).toBe("no-cache");
  }
  const config = await (await request.get("/config.json")).json();
  expect(config).toEqual({ clientId: "7d2b6f1c-3c1e-4a53-9b1e-5a0c2f6d8e41", authorityHost: sandbox, graphBaseUrl: sandbox, redirectUri: `${test.info().project.use.baseURL}/` });
  // A missing hashed file is a 404, not the app.
  const missing = await request.get(files.find((f) => f.startsWith("/pkg-"))!.replace(/[^/]+$/, "nothing.wasm"));
  expect(missing.status()).toBe(404);

  mkdirSync("target/deploy", { recursive: true });
  writeFileSync("target/deploy/headers.json", JSON.stringify(seen, null, 1));
});

test("the header's CSP by itself blocks an injected inline script", async ({ page }) => {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (policy: string) => violations.push(policy));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => (window as any).reportViolation(e.originalPolicy));
  });
  await page.goto("/setup");
  await expect(page.getByTestId("connect-step")).toBeVisible();
  const ran = await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inline = 1";
    document.body.appendChild(s);
    return (window as any).__inline;
  });
  expect(ran).toBeUndefined();
  // frame-ancestors exists only in the header's policy (a <meta> policy may not carry it).
  await expect.poll(() => violations.some((p) => p.includes("frame-ancestors 'none'"))).toBe(true);
});
