import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signedInPage, signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL } from "./test-env";

/**
 * Notifications through the real servers, in local mode (no SMTP server: e-mail is captured): an owner adds
 * an e-mail channel and turns on "New purchase"; a buyer purchases in the simulator and lands on the portal;
 * the mail shows on the outbox page, and its link opens the subscription.
 */

test("an owner is told of a new purchase: the captured mail links to the subscription", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const admin = await signedInPage(browser, "Olivia Owens", "/admin/notifications");
  await expect(admin.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await admin.getByLabel("Name").fill("Sales team");
  await admin.getByLabel("Recipients").fill("sales@fabrikam.example");
  await admin.getByRole("button", { name: "Add channel" }).click();
  await expect(admin.getByText("Channel “Sales team” added.")).toBeVisible();

  const rule = admin.getByRole("form", { name: "New purchase" });
  await rule.getByLabel("On").check();
  await rule.getByLabel(/Sales team/).check();
  await rule.getByRole("button", { name: /Save/ }).click();
  await expect(rule.getByRole("status")).toHaveText("Saved: New purchase.");
  expect((await new AxeBuilder({ page: admin }).analyze()).violations.map((v) => v.id)).toEqual([]);

  const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 5 });
  await page.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await signInAs(page, "Alice Anders");
  await expect(page.getByRole("button", { name: "Confirm and start my subscription" })).toBeVisible();

  const link = `${PORTAL_URL}/admin/subscriptions/${purchase.subscriptionId}`;
  const mail = admin.getByRole("article").filter({ has: admin.locator(`a[href="${link}"]`) });
  await expect(async () => {
    await admin.goto("/admin/notifications/outbox");
    await expect(mail).toHaveCount(1);
  }).toPass({ timeout: 20_000 });
  await expect(mail.getByRole("heading")).toHaveText(/^New purchase: /);
  await expect(mail).toContainText("To sales@fabrikam.example");
  expect((await new AxeBuilder({ page: admin }).analyze()).violations.map((v) => v.id)).toEqual([]);

  await mail.getByRole("link", { name: "Open the subscription" }).click();
  await expect(admin).toHaveURL(link);
  await expect(admin.getByRole("heading", { level: 1 })).toBeVisible();
});
