/**
 * How long a purchase has waited for the ISV's provisioning, and how long Microsoft still allows: a purchase
 * not activated within 30 days of its purchase is cancelled by Microsoft (SaaS fulfillment API v2). Pure:
 * the admin list and detail both show it.
 */
export const MICROSOFT_ACTIVATION_LIMIT_DAYS = 30;
const DAY_MS = 86_400_000;

export type ProvisioningAge = {
  /** Whole days since the buyer confirmed. */
  waitingDays: number;
  /** Whole days left before Microsoft's limit (0 when it has passed); counted from the purchase when known. */
  daysLeft: number;
};

export function provisioningAge(requestedAt: Date, purchasedAt: Date | null, now: Date = new Date()): ProvisioningAge {
  const since = purchasedAt ?? requestedAt;
  const elapsed = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
  return {
    waitingDays: Math.max(0, Math.floor((now.getTime() - requestedAt.getTime()) / DAY_MS)),
    daysLeft: Math.max(0, MICROSOFT_ACTIVATION_LIMIT_DAYS - elapsed),
  };
}

/** "Awaiting provisioning for 3 days; 26 days left of Microsoft's 30". */
export function provisioningAgeText(age: ProvisioningAge): string {
  const waited =
    age.waitingDays === 0 ? "since today" : `for ${age.waitingDays} day${age.waitingDays === 1 ? "" : "s"}`;
  return `Awaiting provisioning ${waited}; ${age.daysLeft} day${age.daysLeft === 1 ? "" : "s"} left of Microsoft's ${MICROSOFT_ACTIVATION_LIMIT_DAYS}`;
}
