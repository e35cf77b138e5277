import { describe, expect, it } from "vitest";
import { isKnownAction, parsePayload } from "./payload";

const OP = "3d0c6b2a-1f2e-4c5d-9e8f-0a1b2c3d4e5f";
const SUB = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const sample = {
  id: OP,
  activityId: "aa7b1d2c-0000-4000-8000-000000000001",
  publisherId: "fabrikam",
  offerId: "fabrikam-cloud",
  planId: "enterprise",
  quantity: 60,
  subscriptionId: SUB,
  timeStamp: "2023-02-10T18:48:58.4449937Z",
  action: "ChangePlan",
  status: "InProgress",
  operationRequestSource: "Azure",
  subscription: { id: SUB, planId: "pro-seats" },
  purchaseToken: null,
};

describe("the webhook payload", () => {
  it("is read as Microsoft documents it, the raw JSON kept whole", () => {
    const parsed = parsePayload(JSON.stringify(sample));
    expect(parsed).toMatchObject({
      ok: true,
      payload: {
        id: OP,
        subscriptionId: SUB,
        action: "ChangePlan",
        planId: "enterprise",
        quantity: 60,
        status: "InProgress",
        source: "Azure",
      },
    });
    expect(parsed.ok && parsed.payload.timeStamp?.toISOString()).toBe("2023-02-10T18:48:58.444Z");
    expect(parsed.ok && parsed.raw).toEqual(sample);
  });

  it("accepts the emulator's operationRequestedSource spelling", () => {
    const { operationRequestSource: _s, ...rest } = sample;
    const parsed = parsePayload(JSON.stringify({ ...rest, operationRequestedSource: "Partner" }));
    expect(parsed.ok && parsed.payload.source).toBe("Partner");
  });

  it("keeps unknown actions and fields, and reads loosely typed values", () => {
    const parsed = parsePayload(
      JSON.stringify({
        ...sample,
        action: " Transfer ",
        quantity: "20",
        status: "inprogress",
        newField: { nested: true },
        id: OP.toUpperCase(),
      }),
    );
    expect(parsed).toMatchObject({
      ok: true,
      payload: { action: "Transfer", quantity: 20, status: "InProgress", id: OP },
      raw: { newField: { nested: true } },
    });
    expect(isKnownAction("Transfer")).toBe(false);
    expect(isKnownAction("Subscribe")).toBe(true);
  });

  it("tolerates a missing or null quantity, source and snapshot", () => {
    const parsed = parsePayload(
      JSON.stringify({ id: OP, subscriptionId: SUB, action: "Renew", quantity: null, subscription: null }),
    );
    expect(parsed).toMatchObject({ ok: true, payload: { action: "Renew", quantity: undefined, source: undefined } });
  });

  it.each([
    ["not JSON", "{oops", /not JSON/],
    ["an array", "[]", /not a JSON object/],
    ["no operation id", JSON.stringify({ ...sample, id: undefined }), /id/],
    ["an operation id that is not a GUID", JSON.stringify({ ...sample, id: "../../etc" }), /id: not a GUID/],
    ["no action", JSON.stringify({ ...sample, action: "" }), /action/],
    ["no subscription id", JSON.stringify({ ...sample, subscriptionId: null }), /subscriptionId/],
  ])("is refused when it is %s", (_case, text, problem) => {
    const parsed = parsePayload(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });
});
