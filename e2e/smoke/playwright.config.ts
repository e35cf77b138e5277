import { defineConfig, devices } from "@playwright/test";
import { launchOptions } from "../chromium";

/**
 * The smoke test's browser part (scripts/test/smoke.ts starts the standalone build and passes its URLs):
 * the buyer journey against the production build. Its spec is named *.smoke.ts so that the end-to-end
 * suite (playwright.config.ts, against `npm start`) does not pick it up.
 */
export default defineConfig({
  testDir: ".",
  testMatch: "*.smoke.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  outputDir: "../../test-results/smoke",
  use: {
    ...devices["Desktop Chrome"],
    baseURL: process.env.SMOKE_PORTAL_URL,
    launchOptions,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
