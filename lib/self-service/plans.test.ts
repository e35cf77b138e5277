import { describe, expect, it } from "vitest";
import { accountEn, fill } from "@/lib/i18n/account-en";
import { formatPrice } from "./format";
import { priceFor, toPlanOffer } from "./plans";

const terms = [
  { price: 10, currency: "EUR", termUnit: "P1M" },
  { price: 100, currency: "EUR", termUnit: "P1Y" },
];

describe("plan prices for the buyer", () => {
  it("takes the price of the subscription's own billing term, in Microsoft's currency, unconverted", () => {
    expect(priceFor({ billingTerms: terms }, "P1Y")).toEqual({ amount: 100, currency: "EUR", termUnit: "P1Y" });
    expect(formatPrice(accountEn, priceFor({ billingTerms: terms }, "P1Y"), true)).toBe("€100.00 per seat / Yearly");
  });

  it("falls back to the plan's first term, and shows no price rather than a made-up one", () => {
    expect(priceFor({ billingTerms: terms }, "P3Y")?.amount).toBe(10);
    expect(priceFor({ billingTerms: [] }, "P1M")).toBeNull();
    expect(priceFor({ billingTerms: [{ price: 5, currency: null, termUnit: "P1M" }] }, "P1M")).toBeNull();
    expect(formatPrice(accountEn, null, false)).toBeNull();
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
    expect(formatPrice(accountEn, offer.price, offer.perSeat)).toBe("¥4,800 / Yearly");
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

describe("fill", () => {
  it("fills ICU-style placeholders and leaves an unknown one visible", () => {
    expect(fill(accountEn.seats.confirmText, { from: 10, to: 12 })).toBe(
      "Change from 10 to 12 seats? Microsoft adjusts your bill for the current term.",
    );
    expect(fill("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});
