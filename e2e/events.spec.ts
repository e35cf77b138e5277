import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { portalDb } from "./support/portal-db";
import { signedInPage, signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL, RECEIVER_URL } from "./test-env";

/**
 * Outbound events through the real servers: an owner registers the reference receiver (examples/receiver)
 * on Admin → Outbound events, and every change of a subscription, from the purchase to the cancellation
 * at Microsoft (the simulator), reaches it signed, in order, once. The receiver verifies each signature
 * with the standardwebhooks library and the secret the page showed once; it records only verified events.
 */

type ReceivedEvent = { webhookId: string; type: string; subscriptionId: string | null; eventId: string };

const receiverControl = (body: { secret?: string; mode?: "ok" | "fail" | "hang" }) =>
  fetch(`${RECEIVER_URL}/_test/events`, { method: "POST", body: JSON.stringify(body) });
const receivedFor = async (subscriptionId: string | null) =>
  ((await (await fetch(`${RECEIVER_URL}/events.json`)).json()) as ReceivedEvent[]).filter(
    (e) => e.subscriptionId === subscriptionId,
  );
const typesFor = async (subscriptionId: string) => (await receivedFor(subscriptionId)).map((e) => e.type);

async function buyAndConfirm(page: Page) {
  const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 50 });
  await page.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await signInAs(page, "Alice Anders");
  await page.getByLabel(/Company or organization/).fill("Contoso Ltd");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  return purchase.subscriptionId;
}

test("the reference receiver gets every change of a subscription, signed, in order: purchase to cancellation", async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const admin = await signedInPage(browser, "Olivia Owens", "/admin/events");
  await expect(admin.getByRole("heading", { name: "Outbound events", level: 1 })).toBeVisible();
  await admin.getByLabel("Name").fill("Reference receiver");
  await admin.getByLabel("URL").fill(`${RECEIVER_URL}/events`);
  await admin.getByRole("button", { name: "Register endpoint" }).click();
  const secret = await admin.getByLabel("Signing secret").inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await admin.getByRole("button", { name: "Done: I have copied it" }).click();
  // Shown once: the page itself never shows it again.
  await admin.reload();
  await expect(admin.getByText(secret)).toHaveCount(0);
  expect(await admin.content()).not.toContain(secret.slice(6));
  expect((await receiverControl({ secret, mode: "ok" })).status).toBe(204);

  // The test button: to this endpoint only, as endpoint.test.
  const endpoint = admin.getByRole("region", { name: "Endpoint Reference receiver" });
  await endpoint.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(async () => (await receivedFor(null)).map((e) => e.type)).toContain("endpoint.test");

  const subscriptionId = await buyAndConfirm(page);
  await expect.poll(() => typesFor(subscriptionId), { timeout: 20_000 }).toContain("subscription.activated");

  // "Open the app" lands on the receiver, which verifies the hand-off.
  await page.getByRole("link", { name: "Open the app" }).click();
  await expect(page).toHaveURL(`${RECEIVER_URL}/welcome`);
  await expect(page.getByRole("heading", { name: "Your subscription is ready" })).toBeVisible();

  // Microsoft's changes, one after the other: each reaches the receiver before the next is made.
  const steps: [Parameters<typeof sim.event>[1], Record<string, unknown> | undefined, string][] = [
    ["suspend", undefined, "subscription.suspended"],
    ["reinstate", undefined, "subscription.reinstated"],
    ["change-plan", { planId: "enterprise" }, "subscription.plan_changed"],
    ["cancel", undefined, "subscription.unsubscribed"],
  ];
  for (const [event, body, type] of steps) {
    await sim.event(subscriptionId, event, body);
    await expect.poll(() => typesFor(subscriptionId), { timeout: 30_000 }).toContain(type);
  }
  const received = await receivedFor(subscriptionId);
  const types = received.map((e) => e.type);
  const order = ["subscription.activated", ...steps.map(([, , type]) => type)];
  expect(types.filter((t) => order.includes(t))).toEqual(order);
  // In the feed's order, each once (the receiver records a webhook-id once; the ids only grow).
  const ids = received.map((e) => Number(e.eventId));
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  expect(new Set(received.map((e) => e.webhookId)).size).toBe(received.length);
  expect((await portalDb.subscription(subscriptionId))?.status).toBe("Unsubscribed");

  // The delivery log shows the attempts. A replay sends the event again with its webhook-id: the
  // receiver acknowledges it and, having it already, records nothing new.
  await admin.reload();
  const log = endpoint.getByRole("table", { name: /Delivery log/ });
  await expect(log).toContainText("subscription.unsubscribed");
  expect((await new AxeBuilder({ page: admin }).analyze()).violations.map((v) => v.id)).toEqual([]);
  const activated = received.find((e) => e.type === "subscription.activated")!;
  await endpoint.getByLabel("Replay event").fill(activated.webhookId);
  await endpoint.getByRole("button", { name: "Replay" }).click();
  await expect(endpoint.getByRole("status")).toHaveText("1 event queued again.");
  await expect(async () => {
    await admin.reload();
    await expect(log.getByRole("row").filter({ hasText: activated.webhookId })).toHaveCount(2, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  expect((await receivedFor(subscriptionId)).length).toBe(received.length);

  // Rotating: the receiver switches to the new secret, and events still verify.
  await endpoint.getByRole("button", { name: "Rotate secret" }).click();
  const rotated = await admin.getByLabel("Signing secret").inputValue();
  expect(rotated).not.toBe(secret);
  await admin.getByRole("button", { name: "Done: I have copied it" }).click();
  await receiverControl({ secret: rotated });
  await endpoint.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(async () => (await receivedFor(null)).length).toBe(2);

  // Deleting the endpoint stops deliveries.
  await endpoint.getByRole("button", { name: "Delete Reference receiver" }).click();
  await endpoint.getByRole("button", { name: "Yes, delete Reference receiver" }).click();
  await expect(admin.getByText("No endpoints yet.")).toBeVisible();
});
