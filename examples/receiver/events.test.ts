import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createEventInbox } from "./events";

const secret = `whsec_${Buffer.alloc(32, 1).toString("base64")}`;
const body = JSON.stringify({
  type: "subscription.activated",
  timestamp: "2026-12-01T10:00:00.000Z",
  data: {
    eventId: "42",
    subscriptionId: "s-1",
    occurredAt: "2026-12-01T10:00:00.000Z",
    before: null,
    after: { status: "Subscribed" },
  },
});
const signed = (key: string, id = "evt_42") => {
  const at = new Date();
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(key).sign(id, at, body),
  };
};

describe("the reference receiver's event inbox", () => {
  it("records a verified event once, however often it is delivered", async () => {
    const inbox = createEventInbox({ secret });
    expect(await inbox.receive(body, signed(secret))).toBe(204);
    expect(await inbox.receive(body, signed(secret))).toBe(204);
    expect(inbox.events).toEqual([
      expect.objectContaining({ webhookId: "evt_42", type: "subscription.activated", subscriptionId: "s-1" }),
    ]);
  });

  it("refuses a wrong signature, a changed body and a missing secret with 401, and records nothing", async () => {
    const inbox = createEventInbox({ secret });
    expect(await inbox.receive(body, signed(`whsec_${Buffer.alloc(32, 2).toString("base64")}`))).toBe(401);
    expect(await inbox.receive(body.replace("activated", "suspended"), signed(secret))).toBe(401);
    expect(await createEventInbox({}).receive(body, signed(secret))).toBe(401);
    expect(inbox.events).toEqual([]);
  });

  it("accepts either signature of a rotation (several, space-separated)", async () => {
    const inbox = createEventInbox({ secret });
    const other = `whsec_${Buffer.alloc(32, 3).toString("base64")}`;
    const headers = signed(other);
    const at = new Date(Number(headers["webhook-timestamp"]) * 1000);
    headers["webhook-signature"] = `${headers["webhook-signature"]} ${new Webhook(secret).sign("evt_42", at, body)}`;
    expect(await inbox.receive(body, headers)).toBe(204);
  });

  it("answers 500 or hangs when the test controls say so", async () => {
    const inbox = createEventInbox({ secret });
    inbox.mode = "fail";
    expect(await inbox.receive(body, signed(secret))).toBe(500);
    inbox.mode = "hang";
    expect(await inbox.receive(body, signed(secret))).toBe("hang");
    expect(inbox.events).toEqual([]);
  });
});
