import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { en } from "@/lib/i18n/messages/en";
import { de } from "@/lib/i18n/messages/de";
import { staffEn } from "@/lib/i18n/messages/staff-en";
import { planLabel } from "./price-label";
import { priceFor, toPlanOffer } from "./plans";

const terms = [
  { price: 10, currency: "EUR", termUnit: "P1M" },
  { price: 100, currency: "EUR", termUnit: "P1Y" },
];

const words = (messages: typeof en) =>
  createTranslator({ locale: "en", messages: { ...messages, staff: staffEn }, namespace: "account" });
const label = (price: Parameters<typeof planLabel>[3], perSeat: boolean, locale = "en") =>
  planLabel(words(locale === "de" ? (de as typeof en) : en), locale, "Pro", price, perSeat);

describe("plan prices for the buyer", () => {
  it("takes the price of the subscription's own billing term, in Microsoft's currency, unconverted", () => {
    expect(priceFor({ billingTerms: terms }, "P1Y")).toEqual({ amount: 100, currency: "EUR", termUnit: "P1Y" });
    expect(label(priceFor({ billingTerms: terms }, "P1Y"), true)).toBe("Pro (€100.00 per seat / Yearly)");
    // The buyer's language formats the amount and words the term; the currency stays Microsoft's.
    expect(label(priceFor({ billingTerms: terms }, "P1Y"), true, "de")).toBe(
      "Pro (100,00\u00a0€ pro Lizenz / Jährlich)",
    );
  });

  it("falls back to the plan's first term, and shows no price rather than a made-up one", () => {
    expect(priceFor({ billingTerms: terms }, "P3Y")?.amount).toBe(10);
    expect(priceFor({ billingTerms: [] }, "P1M")).toBeNull();
    expect(priceFor({ billingTerms: [{ price: 5, currency: null, termUnit: "P1M" }] }, "P1M")).toBeNull();
    expect(label(null, false)).toBe("Pro");
  });

  it("keeps the plan's limits and flat-rate pricing for the plan list", () => {
    const offer = toPlanOffer(
      {
        planId: "gold",
        displayName: "Gold",
        current: false,
        perSeat: false,
        minQuantity: null,
        maxQuantity: null,
        billingTerms: [{ price: 4800, currency: "JPY", termUnit: "P1Y" }],
      },
      "P1Y",
    );
    expect(offer).toMatchObject({ planId: "gold", name: "Gold", perSeat: false, minQuantity: null });
    expect(label(offer.price, offer.perSeat)).toBe("Pro (¥4,800 / Yearly)");
  });
});

describe("which plans the current seats fit", () => {
  const perSeat = (minQuantity: number | null, maxQuantity: number | null) => ({
    planId: "p",
    displayName: "P",
    current: false,
    perSeat: true,
    minQuantity,
    maxQuantity,
    billingTerms: [],
  });
  it("a per-seat plan fits only when the seats are within its limits; a flat-rate plan always", () => {
    expect(toPlanOffer(perSeat(50, 10_000), "P1M", 12).fits).toBe(false);
    expect(toPlanOffer(perSeat(5, 500), "P1M", 12).fits).toBe(true);
    expect(toPlanOffer(perSeat(5, 10), "P1M", 12).fits).toBe(false);
    expect(toPlanOffer(perSeat(null, null), "P1M", 12).fits).toBe(true);
    expect(toPlanOffer({ ...perSeat(50, 100), perSeat: false }, "P1M", 12).fits).toBe(true);
  });
});
