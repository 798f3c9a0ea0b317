// Benchmarks driven in headless Chromium (`cargo xtask bench`); figures, not pass/fail timings.
import { defineConfig } from "@playwright/test";
import base from "../e2e/playwright.config";

export default defineConfig({ ...base, testDir: ".", testMatch: "*.bench.ts", timeout: 120_000 });
