// What nginx sends with the server block `cargo xtask dist` wrote: the first screen's stylesheet and
// script, and the app's wasm and scripts fetched behind it, as their stored gzip copies to a browser that accepts gzip (bytes on the wire in
// target/deploy/wire.json), the files themselves to a client that does not, and an app that starts
// from the copies (the browser checks each file's integrity on what it decoded).
import { test, expect, Response } from "@playwright/test";
import { writeFileSync, mkdirSync } from "node:fs";

test("the first screen's files arrive as gzip copies that decode to the files, and the app starts from them", async ({ page, request }) => {
  const html = await (await request.get("/")).text();
  const files = [...new Set([...html.matchAll(/(?:href|src|data-js|data-link|data-wasm)="(\/[^"]+\.(?:js|css|wasm))"/g)].map((m) => m[1]))];
  expect(files.some((f) => f.endsWith(".wasm"))).toBe(true);
  const seen = new Map<string, Response>();
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    if (files.includes(path)) seen.set(path, r);
  });
  const navigation = await page.goto("/setup");
  await expect(page.getByTestId("connect-step")).toBeVisible();
  // The app's files (index.html's bundle meta names them) come once the static first screen is
  // painted; the app has started from them when it has taken that screen over.
  await expect(page.locator("[data-static-screen]")).toHaveCount(0);
  // The page too, through `try_files` (every route answers with index.html).
  expect((await navigation!.allHeaders())["content-encoding"]).toBe("gzip");

  const wire: Record<string, { raw: number; wire: number; encoding: string }> = {};
  let [rawTotal, wireTotal] = [0, 0];
  for (const f of files) {
    const r = seen.get(f);
    expect(r, `${f} was fetched`).toBeTruthy();
    const headers = await r!.allHeaders();
    expect(headers["content-encoding"], f).toBe("gzip");
    expect(headers["vary"], f).toContain("Accept-Encoding");
    // A client that does not accept gzip gets the file itself, with its own length.
    const plain = await request.get(f, { headers: { "accept-encoding": "identity" } });
    expect(plain.status(), f).toBe(200);
    expect(plain.headers()["content-encoding"], f).toBeUndefined();
    const raw = (await plain.body()).length;
    expect(Number(plain.headers()["content-length"]), f).toBe(raw);
    const sent = (await r!.request().sizes()).responseBodySize;
    expect(sent, f).toBeGreaterThan(0);
    expect(sent, `${f}: ${sent} bytes sent for ${raw}`).toBeLessThan(raw * 0.6);
    wire[f] = { raw, wire: sent, encoding: headers["content-encoding"] };
    rawTotal += raw;
    wireTotal += sent;
  }
  // The wasm is most of it and compresses to about 40 % in gzip.
  expect(wireTotal).toBeLessThan(rawTotal / 2);
  mkdirSync("target/deploy", { recursive: true });
  writeFileSync("target/deploy/wire.json", JSON.stringify({ rawTotal, wireTotal, files: wire }, null, 1));
});
