import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

test.describe("app shell", () => {
  test("the home page renders with header, navigation and footer, styled", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveTitle(/Marketplace Portal/);
    await expect(page.getByRole("heading", { level: 1, name: "Set up your subscription" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Your subscription" })).toHaveAttribute("href", "/account");
    await expect(nav.getByRole("link", { name: "Admin" })).toHaveAttribute("href", "/admin");
    await expect(page.getByRole("contentinfo")).toContainText("Microsoft commercial marketplace");
    // Tailwind is applied (the heading is not the browser's default serif black).
    const font = await page.getByRole("heading", { level: 1 }).evaluate((el) => getComputedStyle(el).fontFamily);
    expect(font).toMatch(/inter/i);
  });

  test("local mode points buyers at the simulator's marketplace", async ({ page }) => {
    await page.goto("/");
    const link = page.getByRole("link", { name: "Open the simulator's marketplace" });
    await expect(link).toHaveAttribute("href", /^http:\/\/localhost:\d+\/marketplace$/);
  });

  test("an unknown address shows the not-found page with a way back", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test("the home page has no accessibility violations and a working skip link", async ({ page }) => {
    await page.goto("/");
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main$/);
  });

  test("responses carry a request id and protective headers", async ({ request }) => {
    const response = await request.get("/");
    expect(response.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers()["referrer-policy"]).toBe("same-origin");
    expect(response.headers()["x-frame-options"]).toBe("DENY");
    const echoed = await request.get("/api/health", { headers: { "x-request-id": "trace-me-42" } });
    expect(echoed.headers()["x-request-id"]).toBe("trace-me-42");
  });
});
