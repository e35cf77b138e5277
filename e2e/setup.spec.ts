import AxeBuilder from "@axe-core/playwright";
import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { signedInPage } from "./support/sign-in";
import { PORTAL_URL, portalEnv } from "./test-env";

/**
 * The setup doctor through the real server (`npm start` with the simulator): an owner's /admin/setup runs
 * every check against the simulator and the portal's own public URL, and hands out Partner Center's values
 * with copy buttons; `npm run doctor` with the same configuration agrees, with its exit code.
 */

const TENANT_ID = "c0ffee00-0000-4000-8000-000000000001";
const APP_ID = "c0ffee00-0000-4000-8000-0000000000f1";

const MUST_PASS = [
  "Configuration",
  "Database and migrations",
  "Marketplace token",
  "Permission to List Subscriptions",
  "Clock skew against Entra",
  "Public URL reachable",
  "Webhook refuses an unsigned call",
];

test("an owner runs the checks on /admin/setup and copies Partner Center's values", async ({ browser }) => {
  const page = await signedInPage(browser, "Olivia Owens", "/admin/setup");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: PORTAL_URL });
  await expect(page.getByRole("heading", { name: "Setup", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Checks: nothing failed" })).toBeVisible();
  for (const title of MUST_PASS) {
    const item = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
    await expect(item, title).toContainText("Passed");
  }
  await expect(page.getByText(`app (appid/azp) ${APP_ID}`)).toBeVisible();

  const values = page.getByRole("definition");
  for (const value of [`${PORTAL_URL}/`, `${PORTAL_URL}/api/webhooks/marketplace`, TENANT_ID, APP_ID])
    await expect(values.getByText(value, { exact: true })).toBeVisible();
  for (const [button, value] of [
    ["Copy landing page URL", `${PORTAL_URL}/`],
    ["Copy webhook URL", `${PORTAL_URL}/api/webhooks/marketplace`],
    ["Copy tenant ID", TENANT_ID],
    ["Copy application ID", APP_ID],
  ]) {
    await page.getByRole("button", { name: button }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
  }
  await expect(page.getByRole("status").filter({ hasText: "Copied" })).toHaveCount(4);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  await page.getByRole("button", { name: "Run again" }).click();
  await expect(page.getByRole("button", { name: "Run again" })).toBeEnabled();
  await expect(page.getByRole("heading", { name: "Checks: nothing failed" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Setup" })).toBeVisible();
  await page.context().close();
});

test("a viewer is not shown the setup page", async ({ browser }) => {
  const page = await signedInPage(browser, "Victor Vance", "/admin/setup");
  await expect(page.getByRole("heading", { name: "This page needs the owner role" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Setup" })).toHaveCount(0);
  await page.context().close();
});

/** `npm run doctor -- --json` with the e2e portal's configuration (the process env minus what would override it). */
function runDoctor(extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...portalEnv, ...extra };
  delete env.DATABASE_URL; // the portal's embedded database, on portalEnv's PGLITE_PORT
  const run = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/doctor.ts", "--json"],
    { env, encoding: "utf8", timeout: 60_000 },
  );
  return {
    code: run.status,
    report: JSON.parse(run.stdout) as { ok: boolean; checks: { id: string; status: string }[] },
  };
}

test("npm run doctor agrees with the page and exits 0; a wrong client secret makes it exit 1", async () => {
  const good = runDoctor();
  expect(good.report.checks.filter((c) => c.status === "fail")).toEqual([]);
  expect(good.code).toBe(0);
  expect(good.report.ok).toBe(true);
  expect(good.report.checks.filter((c) => c.status !== "skip").map((c) => [c.id, c.status])).toEqual(
    [
      "configuration",
      "database",
      "marketplace-token",
      "list-subscriptions",
      "clock",
      "public-url",
      "webhook-refuses-unsigned",
    ].map((id) => [id, "pass"]),
  );
  const bad = runDoctor({ MARKETPLACE_CLIENT_SECRET: "e2e-wrong-secret" });
  expect(bad.code).toBe(1);
  expect(bad.report.checks.find((c) => c.id === "marketplace-token")?.status).toBe("fail");
});
