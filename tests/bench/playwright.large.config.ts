// Benchmarks against the sandbox holding the large seed (200,000 users, 50,000 groups).
import { defineConfig } from "@playwright/test";
import base from "../e2e/playwright.config";

export default defineConfig({ ...base, testDir: ".", testMatch: "*.large.ts", timeout: 180_000 });
