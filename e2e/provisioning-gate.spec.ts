import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { generateApiKey } from "../lib/domain/api-key-secret";
import { portalDb, query } from "./support/portal-db";
import { signedInPage, signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL } from "./test-env";

/**
 * The provisioning gate through the real servers: an owner turns it on in Admin → Settings, Alice buys and
 * confirms, she waits on the "setting up" page (which survives a reload and updates by itself) while the ISV
 * (this test, with an API key) reports a failure and then success; Microsoft sees exactly one Activate.
 */

async function setGate(page: Page, on: boolean) {
  await page.goto(`${PORTAL_URL}/admin/settings`);
  const box = page.getByRole("checkbox", { name: /Wait for my application to provision/ });
  if (on) await box.check();
  else await box.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText(`Saved: the provisioning gate is ${on ? "on" : "off"}.`);
  // The switch shows what was saved (a form action's reset once unticked it on screen after saving).
  await expect(box).toBeChecked({ checked: on });
}

const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.help}`);

/** A key with the provisioning scope, straight into the database (api-keys.spec.ts makes one on the page). */
async function provisioningKey(): Promise<string> {
  const { key, prefix, secretHash } = generateApiKey();
  await query(`INSERT INTO "ApiKey" (id, name, prefix, "secretHash", scopes) VALUES ($1, $2, $3, $4, $5)`, [
    randomUUID(),
    `e2e provisioning ${prefix}`,
    prefix,
    secretHash,
    ["subscriptions:provision"],
  ]);
  return key;
}

test("gate on: confirm waits for the ISV; its failure, then its success, reach the buyer's page; one Activate", async ({
  page,
  browser,
  request,
}) => {
  const owner = await signedInPage(browser, "Olivia Owens", "/admin/settings");
  await expect(owner.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  expect(await axeViolations(owner)).toEqual([]);
  await setGate(owner, true);
  try {
    const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 6 });
    await page.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
    await signInAs(page, "Alice Anders");
    await page.getByLabel(/Company or organization/).fill("Contoso Ltd");
    await page.getByRole("button", { name: "Confirm and start my subscription" }).click();

    const settingUp = page.getByRole("heading", { level: 1, name: "We are setting up your account" });
    await expect(settingUp).toBeVisible();
    await expect(page).toHaveURL(/\/landing\/setting-up\?subscription=/);
    expect(await axeViolations(page)).toEqual([]);
    await page.reload();
    await expect(settingUp).toBeVisible();
    expect((await sim.callsFor(purchase.subscriptionId)).activate ?? 0).toBe(0);
    const requested = (await portalDb.audit(purchase.subscriptionId)).filter((e) => e.action === "landing.confirmed");
    expect(requested).toHaveLength(1);

    // Staff see it waiting, with its age and Microsoft's limit.
    await owner.goto(`${PORTAL_URL}/admin/subscriptions?provisioning=awaiting`);
    await expect(owner.getByRole("row").filter({ hasText: "Awaiting provisioning" }).first()).toBeVisible();

    const key = await provisioningKey();
    const answer = (kind: "provisioned" | "provisioning-failed", data: unknown) =>
      request.post(`${PORTAL_URL}/api/v1/subscriptions/${purchase.subscriptionId}/${kind}`, {
        headers: { authorization: `Bearer ${key}` },
        data,
      });

    const failed = await answer("provisioning-failed", {
      reason: "directory sync failed (internal: shard 7)",
      buyerMessage: "Your workspace name is already taken; we will contact you.",
    });
    expect(failed.status()).toBe(200);
    // The page updates by itself, and shows only what the ISV meant for the buyer.
    await expect(
      page.getByRole("heading", { name: "The publisher could not finish setting up your account" }),
    ).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText("Your workspace name is already taken; we will contact you.")).toBeVisible();
    await expect(page.getByText(/shard 7/)).toHaveCount(0);
    expect(await axeViolations(page)).toEqual([]);

    const provisioned = await answer("provisioned", { message: "workspace created" });
    expect(provisioned.status()).toBe(200);
    expect((await answer("provisioned", {})).status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL(/\/landing\/done\?subscription=/);
    await expect(page.getByRole("link", { name: "Open the app" })).toBeVisible();
    expect((await sim.callsFor(purchase.subscriptionId)).activate).toBe(1);
    expect((await sim.subscription(purchase.subscriptionId)).saasSubscriptionStatus).toBe("Subscribed");
    expect(await portalDb.subscription(purchase.subscriptionId)).toMatchObject({ status: "Subscribed" });
  } finally {
    // Other journeys confirm without the gate.
    await setGate(owner, false);
  }
});
