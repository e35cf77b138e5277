import { describe, expect, it } from "vitest";
import { provisioningAge, provisioningAgeText } from "./provisioning";

const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n, 12));

describe("a purchase awaiting provisioning", () => {
  it("counts Microsoft's 30 days from the purchase, and the wait from the confirmation", () => {
    expect(provisioningAge(day(2), day(0), day(5))).toEqual({ waitingDays: 3, daysLeft: 25 });
    expect(provisioningAgeText(provisioningAge(day(2), day(0), day(5)))).toBe(
      "Awaiting provisioning for 3 days; 25 days left of Microsoft's 30",
    );
  });

  it("counts from the confirmation when the purchase date is unknown, and never below zero", () => {
    expect(provisioningAge(day(0), null, day(1))).toEqual({ waitingDays: 1, daysLeft: 29 });
    expect(provisioningAge(day(0), day(0), day(45))).toEqual({ waitingDays: 45, daysLeft: 0 });
    expect(provisioningAgeText(provisioningAge(day(0), null, day(0)))).toMatch(
      /^Awaiting provisioning since today; 30 days left/,
    );
  });
});
