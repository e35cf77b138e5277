/**
 * An operator changing a subscription's seats on the admin page, through the load balancer, in Chromium:
 * signed in as the simulator's operator persona, "Change seats", then the operation's progress until it
 * ends (the portal PATCHes Microsoft and follows the operation on its job queue, on any instance).
 */
import type { BrowserContext } from "@playwright/test";

const OPERATOR = /Oscar Ortiz/;

/**
 * The operation's end as the page shows it: succeeded, failed or conflict. Signing in and opening the page
 * are tried again (3 times) when a request of theirs fell on the instance being killed, as a person would
 * reload; the change itself is clicked once.
 */
export async function changeSeats(
  context: BrowserContext,
  portalUrl: string,
  subscriptionId: string,
  seats: number,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const clicked = { yes: false };
    try {
      return await attemptChange(context, portalUrl, subscriptionId, seats, clicked);
    } catch (e) {
      // "Something went wrong on our side. Try again" is shown only when nothing reached Microsoft (the
      // database away before the change was sent; after it, the page says not to send it again): an
      // operator tries again, and so does this one.
      const tryAgain = e instanceof TryAgain;
      if ((clicked.yes && !tryAgain) || attempt >= 3) throw e;
    }
  }
}

class TryAgain extends Error {}
const SOMETHING_WENT_WRONG = /Something went wrong on our side/;

async function attemptChange(
  context: BrowserContext,
  portalUrl: string,
  subscriptionId: string,
  seats: number,
  clicked: { yes: boolean },
): Promise<string> {
  const path = `/admin/subscriptions/${subscriptionId}`;
  const page = await context.newPage();
  try {
    await page.goto(`${portalUrl}${path}`);
    const signIn = page.getByRole("button", { name: "Sign in with Microsoft" });
    const region = page.getByRole("region", { name: "Change seats" });
    await signIn.or(region).first().waitFor({ timeout: 30_000 });
    if (await signIn.isVisible()) {
      await signIn.click();
      await page.getByRole("button", { name: OPERATOR }).click();
      await page.waitForURL(`${portalUrl}${path}`, { timeout: 30_000 });
    }
    await region.getByRole("spinbutton").fill(String(seats), { timeout: 30_000 });
    clicked.yes = true;
    await region.getByRole("button", { name: "Change seats" }).click();
    const progress = page.getByTestId("operation-progress");
    const ended = progress.filter({ hasText: /succeeded|failed|conflict/ });
    const wentWrong = page.getByText(SOMETHING_WENT_WRONG);
    await ended.or(wentWrong).first().waitFor({ timeout: 60_000 });
    if (await wentWrong.isVisible()) throw new TryAgain(await wentWrong.innerText());
    return /succeeded/.test(await progress.innerText()) ? "succeeded" : (await progress.innerText()).slice(0, 80);
  } finally {
    await page.close();
  }
}
