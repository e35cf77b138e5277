import { describe, expect, it } from "vitest";
import { outboundEventSchema } from "@/lib/integration-api/outbound-schemas";
import { outboundPayload } from "./message";

const at = new Date("2026-12-05T09:30:00.000Z");

describe("an outbound event's payload", () => {
  it("gives a provisioning request whom to provision and what the buyer entered, as the gate records it", () => {
    const payload = outboundPayload({
      eventId: "42",
      type: "subscription.provisioning_requested",
      at,
      subscriptionId: "sub-1",
      before: { provisioning: null },
      // What lib/data/provisioning.ts writes into the event.
      after: {
        provisioning: "requested",
        offerId: "contoso",
        planId: "pro",
        quantity: 6,
        beneficiary: { tenantId: "t-ben", objectId: "o-ben" },
        purchaser: { tenantId: "t-buy", objectId: "o-buy", email: "buyer@contoso.example" },
        confirmedBy: { tenantId: "t-ben", objectId: "o-alice" },
        buyerDetails: { company: "Contoso", seatsNeeded: "6" },
      },
    });
    expect(payload.data.after).toEqual({ offerId: "contoso", planId: "pro", seats: 6 });
    expect(payload.data.provisioning).toEqual({
      beneficiary: { tenantId: "t-ben", objectId: "o-ben" },
      purchaser: { tenantId: "t-buy", objectId: "o-buy", email: "buyer@contoso.example" },
      confirmedBy: { tenantId: "t-ben", objectId: "o-alice" },
      buyerDetails: { company: "Contoso", seatsNeeded: "6" },
    });
    expect(outboundEventSchema.safeParse(payload).success).toBe(true);
  });

  it("carries no provisioning part on other events", () => {
    const payload = outboundPayload({
      eventId: "43",
      type: "subscription.suspended",
      at,
      subscriptionId: "sub-1",
      before: { status: "Subscribed" },
      after: { status: "Suspended" },
    });
    expect(payload.data).not.toHaveProperty("provisioning");
    expect(outboundEventSchema.safeParse(payload).success).toBe(true);
  });
});
