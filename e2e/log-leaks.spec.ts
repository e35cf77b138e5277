import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { AUTH_SECRET, PORTAL_LOG, PORTAL_URL } from "./test-env";

// Everything the portal (and the simulator beside it) printed during the run is in PORTAL_LOG (e2e/serve.ts).
test("nothing the portal logs contains a secret, a token or a buyer's e-mail address", async ({ page }) => {
  const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 6 });
  await page.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await signInAs(page, "Alice Anders");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  // An expired token and a Microsoft failure go down the error paths, which log the most.
  await sim.expireTokens("purchase");
  await page.goto(`${PORTAL_URL}/?token=${encodeURIComponent(purchase.token)}`);
  await expect(page.getByRole("heading", { name: "We couldn't identify this purchase" })).toBeVisible();

  await expect.poll(() => fs.readFileSync(PORTAL_LOG, "utf8")).toContain("subscription activated");
  const log = fs.readFileSync(PORTAL_LOG, "utf8");
  expect(log.length).toBeGreaterThan(1_000);
  for (const secret of [
    "local-fulfillment-secret",
    "local-signin-secret",
    AUTH_SECRET,
    purchase.token,
    encodeURIComponent(purchase.token),
  ]) {
    expect(log.includes(secret), `log contains ${secret.slice(0, 12)}…`).toBe(false);
  }
  expect(log.match(/eyJ[\w-]{8,}\.[\w-]{8,}/g) ?? [], "a JWT (access, ID or webhook token) in the log").toEqual([]);
  expect(log.match(/[\w.+-]+@[\w-]+\.example/g) ?? [], "an e-mail address in the log").toEqual([]);
});
