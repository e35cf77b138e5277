import { describe, expect, it } from "vitest";
import { ZBatchUsageEventOkResponse, ZUsageEventConflictResponse } from "./generated/metering-v1-schemas";
import { ZPlan, ZResolvedSubscription, ZSaaSOperation, ZSubscription } from "./generated/saas-v2-schemas";

// Bodies in the shapes Microsoft's documentation and observed responses use (reference §4, §10.18).
const SUB_ID = "37f9dea2-4345-438f-b0bd-03d40d28c7e0";
const docSample = {
  id: `${SUB_ID}  `,
  name: "Contoso Cloud Solution",
  publisherId: "contoso",
  offerId: "offer1",
  planId: " silver ",
  quantity: "20",
  beneficiary: { emailId: "test@test.com", objectId: "<guid>", tenantId: "<guid>", puid: null },
  purchaser: { emailId: "test@test.com", objectId: "<guid>", tenantId: "<guid>", puid: "abc" },
  allowedCustomerOperations: ["Read", " update ", null, "Delete"],
  sessionMode: "None",
  isFreeTrial: "true",
  autoRenew: false,
  isTest: true,
  sandboxType: "None",
  saasSubscriptionStatus: " Subscribed ",
  term: { startDate: "2019-05-31", endDate: "2019-06-29T00:00:00", termUnit: "P1M", chargeDuration: null },
  created: "2020-11-25T12:04:05.1234567Z",
  lastModified: "0001-01-01T00:00:00",
  somethingMicrosoftAddedLater: { nested: [1, 2, 3] },
};

describe("lenient parsing of Microsoft's subscriptions", () => {
  it("reads the documented sample with its padded, string-typed and extra values", () => {
    const sub = ZSubscription.parse(docSample);
    expect(sub.id).toBe(SUB_ID);
    expect(sub.planId).toBe("silver");
    expect(sub.quantity).toBe(20);
    expect(sub.saasSubscriptionStatus).toBe("Subscribed");
    expect(sub.isFreeTrial).toBe(true);
    expect(sub.autoRenew).toBe(false);
    expect(sub.allowedCustomerOperations).toEqual(["Read", "Update", "Delete"]);
    expect(sub.beneficiary?.puid).toBeUndefined();
    expect(sub.term?.chargeDuration).toBeUndefined();
    expect(sub.created?.toISOString()).toBe("2020-11-25T12:04:05.123Z");
    // Unknown and deprecated fields are dropped, never a failure.
    expect(sub).not.toHaveProperty("lastModified");
    expect(sub).not.toHaveProperty("somethingMicrosoftAddedLater");
  });

  it("reads dates without a time zone as UTC, not as the server's local time", () => {
    const sub = ZSubscription.parse(docSample);
    expect(sub.term?.endDate?.toISOString()).toBe("2019-06-29T00:00:00.000Z");
    expect(sub.term?.startDate?.toISOString()).toBe("2019-05-31T00:00:00.000Z");
  });

  it.each([[""], [null], ["  "], ["seven"], [2.5]])("treats quantity %j as absent (flat-rate)", (quantity) => {
    expect(ZSubscription.parse({ ...docSample, quantity }).quantity).toBeUndefined();
  });

  it("keeps an enum value Microsoft has not documented, trimmed, and canonicalises known ones", () => {
    expect(ZSubscription.parse({ ...docSample, saasSubscriptionStatus: " Transferred " }).saasSubscriptionStatus).toBe(
      "Transferred",
    );
    expect(
      ZSubscription.parse({ ...docSample, saasSubscriptionStatus: "pendingfulfillmentstart" }).saasSubscriptionStatus,
    ).toBe("PendingFulfillmentStart");
    expect(ZSubscription.parse({ ...docSample, term: { termUnit: "P6Y" } }).term?.termUnit).toBe("P6Y");
  });

  it("drops an unreadable optional value instead of failing", () => {
    const sub = ZSubscription.parse({
      ...docSample,
      created: "not a date",
      autoRenew: "maybe",
      beneficiary: null,
      term: null,
    });
    expect(sub.created).toBeUndefined();
    expect(sub.autoRenew).toBeUndefined();
    expect(sub.beneficiary).toBeUndefined();
    expect(sub.term).toBeUndefined();
  });

  it("fails, naming the field, when a subscription has no usable id or status", () => {
    const noId = ZSubscription.safeParse({ ...docSample, id: "   " });
    expect(noId.success).toBe(false);
    expect(noId.error?.issues.map((i) => i.path.join("."))).toEqual(["id"]);
    const noStatus = ZSubscription.safeParse({ ...docSample, saasSubscriptionStatus: undefined });
    expect(noStatus.error?.issues.map((i) => i.path.join("."))).toEqual(["saasSubscriptionStatus"]);
  });

  it("reads a resolve answer with a numeric string quantity and no embedded subscription", () => {
    const resolved = ZResolvedSubscription.parse({
      id: SUB_ID,
      subscriptionName: "Contoso",
      offerId: "offer1",
      planId: "silver",
      quantity: "20",
    });
    expect(resolved).toEqual({
      id: SUB_ID,
      subscriptionName: "Contoso",
      offerId: "offer1",
      planId: "silver",
      quantity: 20,
    });
  });

  it("reads a plan with string prices and an unknown term unit", () => {
    const plan = ZPlan.parse({
      planId: "gold",
      isPricePerSeat: "false",
      minQuantity: "5",
      planComponents: {
        recurrentBillingTerms: [{ currency: "USD", price: "12.5", termUnit: "P1M", meteredQuantityIncluded: null }],
        meteringDimensions: [],
      },
      sourceOffers: [{ externalId: "ab1c9f0e-0000-4000-8000-000000000001" }],
    });
    expect(plan.isPricePerSeat).toBe(false);
    expect(plan.minQuantity).toBe(5);
    expect(plan.planComponents?.recurrentBillingTerms?.[0]?.price).toBe(12.5);
    expect(plan.sourceOffers?.[0]?.externalId).toBe("ab1c9f0e-0000-4000-8000-000000000001");
  });

  it("keeps the Subscribe action (newer than the OpenAPI file) and requires an operation's id", () => {
    const op = ZSaaSOperation.parse({
      id: "a",
      subscriptionId: "b",
      action: "Subscribe",
      status: "Succeeded",
      timeStamp: "2023-02-10T18:48:58.4449937Z",
      errorStatusCode: "",
    });
    expect(op.action).toBe("Subscribe");
    expect(op.timeStamp?.toISOString()).toBe("2023-02-10T18:48:58.444Z");
    expect(ZSaaSOperation.safeParse({ subscriptionId: "b", action: "ChangePlan", status: "InProgress" }).success).toBe(
      false,
    );
  });
});

describe("lenient parsing of metering answers", () => {
  it("reads the documented 409 body", () => {
    const body = ZUsageEventConflictResponse.parse({
      additionalInfo: {
        acceptedMessage: {
          usageEventId: "e1",
          status: "Duplicate",
          messageTime: "2020-01-12T13:19:35.3458658Z",
          resourceId: SUB_ID,
          quantity: "1.0",
          dimension: "dim1",
          effectiveStartTime: "2020-01-12T11:03:28.14Z",
          planId: "plan1",
        },
      },
      message: "This usage event already exist.",
      code: "Conflict",
    });
    expect(body.additionalInfo?.acceptedMessage).toMatchObject({
      usageEventId: "e1",
      status: "Duplicate",
      quantity: 1,
    });
  });

  it("reads a batch whose failed items have no id and a .NET minimum date", () => {
    const batch = ZBatchUsageEventOkResponse.parse({
      count: "2",
      result: [
        { usageEventId: "e1", status: "Accepted", quantity: 5 },
        { status: "Expired", messageTime: "0001-01-01T00:00:00", error: { code: "BadArgument", message: "too old" } },
      ],
    });
    expect(batch.count).toBe(2);
    expect(batch.result?.[1]).toMatchObject({ status: "Expired", error: { code: "BadArgument" } });
    expect(batch.result?.[1]?.usageEventId).toBeUndefined();
    expect(batch.result?.[1]?.messageTime?.getUTCFullYear()).toBe(1);
  });
});
