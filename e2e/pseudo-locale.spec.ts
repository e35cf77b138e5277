import { expect, test, type Page } from "@playwright/test";
import { activatedForNewBuyer, selfServiceForActivator } from "./support/account-purchase";
import { signInAs } from "./support/sign-in";
import { sim } from "./support/simulator";
import { PORTAL_URL } from "./test-env";

// The pseudo-locale (lib/i18n/pseudo.ts) accents every letter of every message and makes it ~30 % longer.
// A visible text without an accented letter did not come from a message file; an element whose content is
// wider than itself does not take longer translations.
const PSEUDO = /[ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ]/;

/** Visible text nodes of the page that have letters but no pseudo character, minus the data values given. */
async function untranslatedTexts(page: Page, dataValues: string[]): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? "";
      const parent = node.parentElement;
      if (!text || !/\p{L}/u.test(text) || !parent || !parent.checkVisibility()) continue;
      // The switcher names each language in itself (lang="de"…): names, not messages.
      if (parent.closest("[lang]") !== document.documentElement) continue;
      if (parent.closest("script, style, code")) continue;
      found.push(text);
    }
    return found;
  });
  return texts.filter((text) => !PSEUDO.test(text) && !dataValues.some((value) => text.includes(value)));
}

/**
 * Elements in the main content whose content overflows them (scrollWidth > clientWidth). Screen-reader-only
 * text (Tailwind's sr-only: a 1 px clipped box) overflows by design and is not seen.
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("main *")]
      .filter((e) => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}: ${e.textContent?.slice(0, 60)}`),
  );
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 375, height: 800 },
]) {
  test(`pseudo-locale at ${viewport.width}px: every text of the landing and confirm pages is a message, nothing overflows`, async ({
    page,
    context,
  }) => {
    await page.setViewportSize(viewport);
    await context.addCookies([{ name: "NEXT_LOCALE", value: "en-XA", url: PORTAL_URL }]);
    const purchase = await sim.purchase({ personaId: "alice", planId: "pro-seats", quantity: 12, name: "Team 42" });
    const data = [
      "Team 42",
      "fabrikam-cloud",
      "Professional (per user)",
      "Per-user plan for 5 to 500 users, monthly or yearly.",
      "alice@contoso.example",
      "Alice Anders", // the signed-in user's name in the header
    ];

    await page.goto(purchase.landingUrl.replace(/^http:\/\/localhost:\d+/, PORTAL_URL));
    await expect(page.locator("html")).toHaveAttribute("lang", "en-XA");
    expect(await untranslatedTexts(page, data)).toEqual([]);
    expect(await overflowing(page)).toEqual([]);

    await signInAs(page, "Alice Anders", "[Şīɠƞ īƞ ẇīŧħ Ḿīƈřǿşǿƒŧ");
    await expect(page.getByRole("region", { name: PSEUDO })).toBeVisible();
    // Dates are data: Intl formats them (en-XA falls back to English month names).
    const dates = await page.locator("dd").allTextContents();
    const dateValues = dates.flatMap((d) => d.match(/[A-Z][a-z]{2} \d{1,2}, \d{4}/g) ?? []);
    expect(await untranslatedTexts(page, [...data, ...dateValues])).toEqual([]);
    expect(await overflowing(page)).toEqual([]);
  });
}

/** Intl's dates and times on the page (en-XA falls back to English month names): data, not messages. */
async function dateValues(page: Page): Promise<string[]> {
  const text = await page.locator("main").innerText();
  return text.match(/[A-Z][a-z]{2} \d{1,2}, \d{4}(, \d{1,2}:\d{2} [AP]M)?/g) ?? [];
}

/** E-mail addresses shown as values (bought by / bought for). */
async function emails(page: Page): Promise<string[]> {
  return (await page.locator("main dd").allTextContents()).filter((text) => text.includes("@"));
}

test("pseudo-locale on /account and a subscription page, wide and narrow: every text is a message, nothing overflows", async ({
  browser,
}) => {
  await selfServiceForActivator();
  const bought = await activatedForNewBuyer(browser);
  const { page } = bought;
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en-XA", url: PORTAL_URL }]);
  const plans = [
    "Basic",
    "Standard (metered)",
    "Professional (per user)",
    "Enterprise (per user)",
    "Starter (1-month free trial)",
  ];
  const data = [bought.subscriptionName, bought.email, bought.personName, ...plans, "UTC"];
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 375, height: 800 },
  ]) {
    await page.setViewportSize(viewport);
    await page.goto(`${PORTAL_URL}/account`);
    await expect(page.getByRole("heading", { level: 1, name: PSEUDO })).toBeVisible();
    // The list shows every Contoso subscription this person is a party of, other tests' too: their names,
    // plan names (each card's second field) and e-mail addresses are Microsoft's data.
    const listed = [
      ...(await page.locator("main li h2").allTextContents()),
      ...(await page.locator("main li dl > div:nth-child(2) > dd").allTextContents()),
      ...(await emails(page)),
    ];
    expect(await untranslatedTexts(page, [...data, ...listed, ...(await dateValues(page))])).toEqual([]);
    expect(await overflowing(page)).toEqual([]);

    await page.goto(`${PORTAL_URL}/account/subscriptions/${bought.subscriptionId}`);
    // The change forms (client components) are worded from the account namespace too.
    await expect(page.getByRole("region", { name: PSEUDO }).getByRole("spinbutton")).toBeVisible();
    await expect(page.getByTestId("cancel-rule")).toHaveText(PSEUDO);
    expect(await untranslatedTexts(page, [...data, ...(await dateValues(page))])).toEqual([]);
    expect(await overflowing(page)).toEqual([]);
  }
});
