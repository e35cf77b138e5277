import { expect, test } from "@playwright/test";
import pg from "pg";
import { signInAs } from "../support/sign-in";

/**
 * The buyer journey against the production build (`node server.js` from the standalone folder, a
 * PostgreSQL server, migrations run by `node migrate.mjs`): buy in the simulator's marketplace, land,
 * sign in, confirm; Microsoft and the portal's database both record the activation.
 */
const portal = process.env.SMOKE_PORTAL_URL!;
const simPages = process.env.SMOKE_SIM_PAGES_URL!;
const databaseUrl = process.env.SMOKE_DATABASE_URL!;

test("buy, land, sign in, confirm: the standalone build activates the subscription", async ({ page }) => {
  expect(portal && simPages && databaseUrl, "run through scripts/test/smoke.ts").toBeTruthy();
  await page.goto(`${simPages}/marketplace`);
  await page
    .getByLabel("Persona (the beneficiary)")
    .selectOption({ label: "Alice Anders – alice@contoso.example (Contoso)" });
  await page.getByLabel(/Professional \(per user\)/).check();
  await page.getByLabel(/Seats/).fill("12");
  await page.getByRole("button", { name: "Buy" }).click();

  await expect(page).toHaveURL(new RegExp(`^${portal}/\\?token=`));
  // The sign-in button works once the page is hydrated; a cold server's first page takes longer to get there.
  await page.waitForLoadState("networkidle");
  await signInAs(page, "Alice Anders");
  await expect(page.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
  await page.getByLabel(/Company or organization/).fill("Contoso Ltd");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  const subscriptionId = new URL(page.url()).searchParams.get("subscription")!;

  const atMicrosoft = (await (await fetch(`${simPages}/_sim/subscriptions/${subscriptionId}`)).json()) as {
    saasSubscriptionStatus: string;
  };
  expect(atMicrosoft.saasSubscriptionStatus).toBe("Subscribed");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT status, quantity, "activatedAt" FROM "Subscription" WHERE id = $1`, [
      subscriptionId,
    ]);
    expect(rows[0]).toMatchObject({ status: "Subscribed", quantity: 12 });
    expect(rows[0].activatedAt).toBeInstanceOf(Date);
  } finally {
    await client.end();
  }
});
