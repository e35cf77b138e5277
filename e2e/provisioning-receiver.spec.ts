import { expect, test, type Page } from "@playwright/test";
import { OUTBOUND_EVENT_TYPES } from "../lib/domain/outbound-events";
import { query } from "./support/portal-db";
import { receiver } from "./support/receiver";
import { signedInPage, signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL, RECEIVER_URL } from "./test-env";

/**
 * The provisioning gate with the reference receiver (examples/receiver) as the ISV's app, every step through
 * the real servers: the owner turns the gate on, gives the receiver an API key and registers it for
 * provisioning requests. While the receiver fails (500), the portal keeps retrying and Microsoft is never
 * asked to activate; once it works, the next retry provisions its tenant once, the receiver answers
 * /provisioned itself, and Microsoft sees exactly one Activate.
 */

const ENDPOINT = "Provisioning receiver";
const KEY_NAME = "Reference receiver provisioning";
const TYPES = ["subscription.provisioning_requested", "subscription.activated"];

async function setGate(owner: Page, on: boolean) {
  await owner.goto(`${PORTAL_URL}/admin/settings`);
  const box = owner.getByRole("checkbox", { name: /Wait for my application to provision/ });
  if (on) await box.check();
  else await box.uncheck();
  await owner.getByRole("button", { name: "Save" }).click();
  await expect(owner.getByRole("status")).toHaveText(`Saved: the provisioning gate is ${on ? "on" : "off"}.`);
}

/** Admin → API keys: a key with subscriptions:provision only, as shown that once. */
async function createProvisioningKey(owner: Page): Promise<string> {
  await owner.goto(`${PORTAL_URL}/admin/api-keys`);
  await owner.getByLabel("Name").fill(KEY_NAME);
  await owner.getByRole("checkbox", { name: /subscriptions:provision/ }).check();
  await owner.getByRole("button", { name: "Create key" }).click();
  const key = await owner.getByLabel("The new API key").inputValue();
  await owner.getByRole("button", { name: "Done: I have copied it" }).click();
  return key;
}

/** Admin → Outbound events: the receiver's /events for the types given only; returns the secret shown once. */
async function registerReceiver(owner: Page): Promise<string> {
  await owner.goto(`${PORTAL_URL}/admin/events`);
  await owner.getByLabel("Name").fill(ENDPOINT);
  await owner.getByLabel("URL").fill(`${RECEIVER_URL}/events`);
  const types = owner.getByRole("group", { name: "Event types" });
  for (const type of OUTBOUND_EVENT_TYPES) {
    if (!TYPES.includes(type)) await types.getByRole("checkbox", { name: type, exact: true }).uncheck();
  }
  await owner.getByRole("button", { name: "Register endpoint" }).click();
  const secret = await owner.getByLabel("Signing secret").inputValue();
  await owner.getByRole("button", { name: "Done: I have copied it" }).click();
  return secret;
}

test("gate on: the receiver's 500s keep Activate at 0; once it provisions, it answers the portal, one Activate", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const owner = await signedInPage(browser, "Olivia Owens", "/admin/settings");
  const endpoint = owner.getByRole("region", { name: `Endpoint ${ENDPOINT}` });
  await setGate(owner, true);
  try {
    await receiver.provisioning({ apiKey: await createProvisioningKey(owner), mode: "fail" });
    await receiver.events({ secret: await registerReceiver(owner), mode: "ok" });
    // Registered for these two types only.
    const registered = (await endpoint.getByText(/^subscription\.[\w, .]+$/).innerText()).split(", ");
    expect(registered.sort()).toEqual([...TYPES].sort());

    const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 6 });
    const subscriptionId = purchase.subscriptionId;
    await page.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
    await signInAs(page, "Alice Anders");
    await page.getByLabel(/Company or organization/).fill("Contoso Ltd");
    await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "We are setting up your account" })).toBeVisible();

    // The receiver fails: the delivery log shows its 500s (the portal retries), and Microsoft is not asked.
    const failures = endpoint
      .getByRole("table", { name: /Delivery log/ })
      .getByRole("row")
      .filter({ hasText: TYPES[0]! })
      .filter({ has: owner.getByRole("cell", { name: "500", exact: true }) });
    await expect(async () => {
      await owner.reload();
      expect(await failures.count()).toBeGreaterThanOrEqual(2);
    }).toPass({ timeout: 45_000, intervals: [1_000] });
    expect((await sim.callsFor(subscriptionId)).activate ?? 0).toBe(0);
    expect(await receiver.tenantsFor(subscriptionId)).toEqual([]);
    await expect(page.getByRole("heading", { name: "We are setting up your account" })).toBeVisible();

    // It works again: the next retry (at most 20 s after the second failure) provisions and answers /provisioned.
    await receiver.provisioning({ mode: "ok" });
    await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible({ timeout: 60_000 });
    expect((await sim.callsFor(subscriptionId)).activate).toBe(1);
    const tenants = await receiver.tenantsFor(subscriptionId);
    expect(tenants).toEqual([
      expect.objectContaining({ status: "provisioned", planId: "pro-seats", seats: 6, answeredAt: expect.any(String) }),
    ]);
    await expect
      .poll(async () => (await receiver.eventsFor(subscriptionId)).map((e) => e.type), { timeout: 20_000 })
      .toEqual(TYPES);

    // "Open the app" lands on the receiver, which verifies the hand-off.
    await page.getByRole("link", { name: "Open the app" }).click();
    await expect(page).toHaveURL(`${RECEIVER_URL}/welcome`);
    await expect(page.getByRole("heading", { name: "Your subscription is ready" })).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: subscriptionId })).toHaveCount(1);

    // Its home page lists the tenant; nothing was provisioned or activated twice.
    await page.goto(RECEIVER_URL);
    const tenantTable = page.getByRole("table", { name: /Tenants/ });
    await expect(tenantTable.getByRole("row").filter({ hasText: subscriptionId })).toContainText("pro-seats");
    expect(await receiver.tenantsFor(subscriptionId)).toEqual(tenants);
    expect((await sim.callsFor(subscriptionId)).activate).toBe(1);
  } finally {
    // Other journeys run without the gate, this endpoint or this key.
    await receiver.provisioning({ apiKey: null, mode: "ok" });
    await owner.goto(`${PORTAL_URL}/admin/events`);
    if (await endpoint.count()) {
      await endpoint.getByRole("button", { name: `Delete ${ENDPOINT}` }).click();
      await endpoint.getByRole("button", { name: `Yes, delete ${ENDPOINT}` }).click();
      await expect(endpoint).toHaveCount(0);
    }
    await query(`UPDATE "ApiKey" SET "revokedAt" = now() WHERE name = $1 AND "revokedAt" IS NULL`, [KEY_NAME]);
    await setGate(owner, false);
  }
});
