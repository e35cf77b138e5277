import { expect, test, type Page } from "@playwright/test";
import { postUsage, type UsageRecord } from "../examples/usage-client/client";
import { insertKey } from "./support/api-keys";
import { query } from "./support/portal-db";
import { signedInPage, signInAs } from "./support/sign-in";
import { sim, simControl } from "./support/simulator";
import { PORTAL_URL } from "./test-env";

/**
 * Metering end to end, through the real servers: a metered plan (fabrikam-cloud/metered: 1 000 api-calls
 * included per monthly term) bought and activated in the browser; the reference usage client
 * (examples/usage-client) posts usage over two hours; an operator's "Send now" runs the hourly submission;
 * Admin → Usage shows the first hour covered by the included quantity and the second one's overage
 * accepted by Microsoft (the simulator), which recorded that one event and nothing else.
 *
 * Two clocks. The portal decides that an hour has ended by its own clock (real time, as in production,
 * where Microsoft's clock is real time too); the simulator's clock is the one a test can move. So the test
 * starts Marketplace time two hours behind: the purchase and the usage happen in Marketplace's "now", each
 * advance of an hour brings it closer, and after the second one both clocks agree again: the two usage
 * hours have ended on both, and usage posted then is in the current hour, which is not sent yet.
 */

const HOUR = 3_600_000;
const hourOf = (ms: number) => Math.floor(ms / HOUR) * HOUR;
const hourLabel = (ms: number) => `${new Date(ms).toISOString().slice(0, 13).replace("T", " ")}:00 UTC`;
const marketplaceNow = async () => Date.parse((await simControl<{ now: string }>("GET", "/clock")).now);

async function buyMeteredPlanInTheBrowser(page: Page): Promise<string> {
  const purchase = await sim.purchase({ personaId: "alice", planId: "metered" });
  await page.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
  await signInAs(page, "Alice Anders");
  await expect(page.getByText("Standard (metered)").first()).toBeVisible();
  await page.getByLabel(/Company or organization/).fill("Contoso Ltd");
  await page.getByRole("button", { name: "Confirm and start my subscription" }).click();
  await expect(page.getByRole("heading", { name: "Welcome aboard" })).toBeVisible();
  return purchase.subscriptionId;
}

test.afterEach(async () => {
  await sim.clock({ reset: true });
});

test("metered plan: usage from the reference client, an hour later only the overage is accepted at Microsoft", async ({
  browser,
  page,
}) => {
  test.setTimeout(240_000);
  // The usage posted last must stay in the portal's current hour until the end: not across an hour's end.
  const untilHourEnds = HOUR - (Date.now() % HOUR);
  if (untilHourEnds < 150_000) await page.waitForTimeout(untilHourEnds + 2_000);
  await sim.clock({ advanceMs: -2 * HOUR });

  const subscriptionId = await buyMeteredPlanInTheBrowser(page);
  const client = { portalUrl: PORTAL_URL, apiKey: await insertKey(["usage:write"]) };
  const record = (id: string, dimension: string, quantity: number, at: number): UsageRecord => ({
    id: `${subscriptionId}:${id}`,
    subscriptionId,
    dimension,
    quantity,
    occurredAt: new Date(at).toISOString(),
  });

  // Hour A (Marketplace's now): 600 api-calls, within the 1 000 included. Re-posting a record counts it once.
  const atA = await marketplaceNow();
  const first = await postUsage(
    [record("a1", "api-calls", 250, atA), record("a2", "api-calls", 250, atA), record("a3", "api-calls", 100, atA)],
    client,
  );
  expect(first.accepted).toHaveLength(3);
  const again = await postUsage([record("a3", "api-calls", 100, atA)], client);
  expect(again.duplicates.map((r) => r.id)).toEqual([`${subscriptionId}:a3`]);

  // An hour later (hour A+1): 650 more, of which 400 are still included; a record of a dimension the plan
  // lacks is refused on its own (207) while the others are stored.
  await sim.clock({ advanceMs: HOUR });
  const atB = await marketplaceNow();
  expect(hourOf(atB)).toBe(hourOf(atA) + HOUR);
  const second = await postUsage(
    [record("b1", "api-calls", 400, atB), record("b2", "emails", 10, atB), record("b3", "api-calls", 250, atB)],
    client,
  );
  expect(second.batches.map((b) => b.status)).toEqual([207]);
  expect(second.accepted.map((r) => r.id)).toEqual([`${subscriptionId}:b1`, `${subscriptionId}:b3`]);
  expect(second.refused).toEqual([expect.objectContaining({ code: "unknown-dimension" })]);

  // Another hour: both clocks agree, hours A and A+1 have ended. Storage used now is in the current hour.
  await sim.clock({ advanceMs: HOUR });
  const now = await marketplaceNow();
  expect(Math.abs(now - Date.now())).toBeLessThan(60_000);
  expect((await postUsage([record("c1", "storage-gb", 500, now)], client)).accepted).toHaveLength(1);

  const operator = await signedInPage(browser, "Oscar Ortiz", `/admin/usage?subscription=${subscriptionId}`);
  await operator.getByRole("button", { name: "Send now" }).click();
  await expect(operator.getByRole("status")).toHaveText(/Queued/);

  const hours = operator.getByRole("table", { name: "Usage hours of the period, newest first" });
  const rowOf = (hour: number) => hours.getByRole("row").filter({ hasText: hourLabel(hour) });
  const hourB = hourOf(atB);
  await expect(async () => {
    await operator.reload();
    await expect(rowOf(hourB)).toContainText("Accepted", { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  const cells = async (hour: number) => (await rowOf(hour).getByRole("cell").allInnerTexts()).map((t) => t.trim());
  // Hour, Subscription, Dimension, Ingested, Included, Sent, State, Microsoft, Details
  const [, , dimensionB, ingestedB, includedB, sentB, stateB, microsoftB] = await cells(hourB);
  expect([dimensionB, ingestedB, includedB, sentB, stateB]).toEqual(["api-calls", "650", "400", "250", "Done"]);
  const usageEventId = microsoftB!.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)?.[0];
  expect(microsoftB).toMatch(/^Accepted/);
  expect(usageEventId).toBeDefined();
  const [, , , ingestedA, includedA, sentA, stateA, microsoftA] = await cells(hourOf(atA));
  expect([ingestedA, includedA, sentA, stateA, microsoftA]).toEqual(["600", "600", "0", "Done", "Included"]);
  // The current hour is not rolled up: no row, its record waits.
  await expect(hours.getByRole("row").filter({ hasText: "storage-gb" })).toHaveCount(0);
  const [waiting] = await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "UsageRecord" WHERE "subscriptionId" = $1 AND dimension = 'storage-gb' AND "usageHourId" IS NULL`,
    [subscriptionId],
  );
  expect(waiting?.n).toBe(1);

  // At Microsoft: exactly one event for this subscription, the overage of hour A+1, with the page's id.
  const { usage } = await simControl<{
    usage: {
      usageEventId: string;
      resourceId: string;
      dimension: string;
      quantity: number;
      effectiveStartTime: string;
    }[];
  }>("GET", "/state");
  expect(usage.filter((u) => u.resourceId === subscriptionId)).toEqual([
    expect.objectContaining({
      usageEventId,
      dimension: "api-calls",
      quantity: 250,
      effectiveStartTime: new Date(hourB).toISOString(),
    }),
  ]);
});
