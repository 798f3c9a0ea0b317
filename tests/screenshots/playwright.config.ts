// Screenshots of every page (`cargo xtask screenshots`): not tests, pictures for people and the README.
import { defineConfig } from "@playwright/test";
import base from "../e2e/playwright.config";

export default defineConfig({ ...base, testDir: ".", testMatch: "*.shots.ts", timeout: 180_000 });
