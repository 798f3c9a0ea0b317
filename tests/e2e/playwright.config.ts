// Playwright drives Debian's Chromium (never a downloaded browser) against the release build served
// by the sandbox. `cargo xtask test` starts the sandbox and passes its URLs in the environment.
import { defineConfig } from "@playwright/test";

const appUrl = process.env.TB_APP_URL;
if (!appUrl) throw new Error("TB_APP_URL is not set: run the end-to-end tests through `cargo xtask test`");

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: "../../target/e2e/artifacts",
  use: {
    baseURL: appUrl,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
  },
});
