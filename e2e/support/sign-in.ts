import { expect, type Page } from "@playwright/test";

/** Signs in through the simulator's Entra sign-in page, picking a persona by its display name. */
export async function signInAs(page: Page, personaName: string) {
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByRole("button", { name: new RegExp(personaName) }).click();
}
