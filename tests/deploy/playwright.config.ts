// The site from `cargo xtask dist` served by nginx (xtask/src/deploy.rs starts both and sets TB_APP_URL
// to nginx). Same browser settings as tests/e2e.
import { defineConfig } from "@playwright/test";

const appUrl = process.env.TB_APP_URL;
if (!appUrl) throw new Error("TB_APP_URL is not set: run the end-to-end tests through `cargo xtask test`");

export default defineConfig({
  testDir: "..",
  // The deployment checks, and the shell, sign-in and journey specs, through nginx.
  testMatch: /(deploy\/[^/]+|e2e\/(shell|signin|journey))\.spec\.ts$/,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: "../../target/deploy/artifacts",
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
