import { defineConfig, devices } from "@playwright/test";
import { launchOptions } from "./e2e/chromium";
import { PORTAL_URL, portalEnv, RECEIVER_URL, receiverEnv } from "./e2e/test-env";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results/e2e",
  use: {
    ...devices["Desktop Chrome"],
    baseURL: PORTAL_URL,
    launchOptions,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: [
    {
      // `npm start`, exactly what a user runs (it builds when the sources changed and starts the simulator),
      // with its output kept in test-results/portal.log for the log-leak test.
      command: "node node_modules/tsx/dist/cli.mjs e2e/serve.ts",
      url: `${PORTAL_URL}/api/ready`,
      env: portalEnv,
      reuseExistingServer: !process.env.CI,
      timeout: 240_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    {
      // The ISV's app: the reference receiver, verifying hand-offs against the portal's real JWKS.
      command: "node node_modules/tsx/dist/cli.mjs examples/receiver/server.ts",
      url: `${RECEIVER_URL}/health`,
      env: receiverEnv,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
  ],
});
