// The site from `cargo xtask dist` served by nginx (xtask/src/deploy.rs starts both and sets
// TB_APP_URL to nginx): the deployment checks, and the shell, sign-in, journey and parts specs (the
// parts offline from cache and their integrity, through nginx's gzip copies), with the
// browser settings of tests/e2e.
import { defineConfig } from "@playwright/test";
import e2e from "../e2e/playwright.config";

export default defineConfig({
  ...e2e,
  testDir: "..",
  testMatch: /(deploy\/[^/]+|e2e\/(shell|signin|journey|parts))\.spec\.ts$/,
  outputDir: "../../target/deploy/artifacts",
});
