/**
 * Buyers confirming their purchases on the landing page, through the load balancer, in Chromium: the
 * simulator's landing URL, sign-in with the simulator's Entra, "Confirm and start my subscription"; then
 * an operator changing the seats of each on the admin page (operators.ts). Each
 * request of a buyer's journey may land on a different instance (sessions and the activation claim live in
 * the shared database and the shared AUTH_SECRET).
 */
import { chromium, type Browser } from "@playwright/test";
import { launchOptions } from "../../e2e/chromium";
import type { Marketplace } from "./microsoft";
import { changeSeats } from "./operators";

export type Buyers = {
  activated: string[];
  failed: { id: string; reason: string }[];
  /** The operator's seat change on each activated purchase: how the operation ended. */
  operator: Record<string, number>;
  done: Promise<void>;
};

/** Buys `count` per-seat plans (they need the landing page) and confirms each, one after the other, spread over `spreadMs`. */
export function buyAndConfirm(
  ms: Marketplace,
  portalUrl: string,
  count: number,
  spreadMs: number,
  onActivated: (id: string) => void,
): Buyers {
  const result: Buyers = { activated: [], failed: [], operator: {}, done: Promise.resolve() };
  result.done = (async () => {
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch(launchOptions);
      const context = await browser.newContext();
      const staff = await browser.newContext();
      for (let i = 0; i < count; i++) {
        const started = Date.now();
        const { subscriptionId, landingUrl } = await ms.purchase("pro-seats", 5);
        const page = await context.newPage();
        try {
          await page.goto(landingUrl.replace(/^http:\/\/localhost:\d+/, portalUrl));
          const signIn = page.getByRole("heading", { name: "Sign in to set up your subscription" });
          const confirm = page.getByRole("button", { name: "Confirm and start my subscription" });
          await signIn.or(confirm).first().waitFor({ timeout: 30_000 });
          if (await signIn.isVisible()) {
            await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
            await page.getByRole("button", { name: /Alice Anders/ }).click();
          }
          await confirm.click({ timeout: 30_000 });
          await page.getByRole("heading", { name: "Welcome aboard" }).waitFor({ timeout: 60_000 });
          result.activated.push(subscriptionId);
          // Then an operator changes its seats on the admin page, before the soak's traffic may touch it.
          const ended = await changeSeats(staff, portalUrl, subscriptionId, 6 + i).catch(
            (e: unknown) => `not done: ${(e as Error).message.split("\n")[0]!.slice(0, 80)}`,
          );
          result.operator[ended] = (result.operator[ended] ?? 0) + 1;
          onActivated(subscriptionId);
        } catch (err) {
          result.failed.push({ id: subscriptionId, reason: (err as Error).message.split("\n")[0]! });
        } finally {
          await page.close();
        }
        const wait = spreadMs / count - (Date.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    } finally {
      await browser?.close();
    }
  })();
  return result;
}
