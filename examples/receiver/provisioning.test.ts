import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createEventInbox } from "./events";
import { createProvisioner, type ProvisioningRequest } from "./provisioning";

const PORTAL = "http://portal.test";
const secret = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
const request: ProvisioningRequest = { offerId: "fabrikam-cloud", planId: "pro-seats", seats: 6 };

/** A stand-in for the portal: records each call, answers with the next status (then 200). */
function fakePortal(statuses: number[] = []) {
  const calls: { url: string; authorization: string | null; body: unknown }[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    calls.push({ url: String(url), authorization: headers.get("authorization"), body: JSON.parse(String(init?.body)) });
    const status = statuses.shift() ?? 200;
    return new Response(JSON.stringify(status < 300 ? {} : { detail: "try later" }), { status });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

/** The signed delivery of the provisioning request the portal sends (webhook-id evt_<eventId>). */
function delivery(subscriptionId: string, eventId = "7") {
  const body = JSON.stringify({
    type: "subscription.provisioning_requested",
    timestamp: new Date().toISOString(),
    data: { eventId, subscriptionId, occurredAt: new Date().toISOString(), before: null, after: request },
  });
  const at = new Date();
  const headers = {
    "webhook-id": `evt_${eventId}`,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(`evt_${eventId}`, at, body),
  };
  return [body, headers] as const;
}

function receiver(portalStatuses?: number[]) {
  const portal = fakePortal(portalStatuses);
  const provisioner = createProvisioner({ portalUrl: PORTAL, apiKey: "mkp_test_key", fetch: portal.fetch });
  const inbox = createEventInbox({
    secret,
    handlers: {
      "subscription.provisioning_requested": ({ data }) =>
        provisioner.provision(data.subscriptionId!, data.after as ProvisioningRequest),
    },
  });
  return { portal, provisioner, inbox };
}

describe("the reference receiver's provisioning", () => {
  it("provisions the tenant and tells the portal with its key; a replay provisions nothing more", async () => {
    const { portal, provisioner, inbox } = receiver();
    expect(await inbox.receive(...delivery("s-1"))).toBe(204);
    expect(portal.calls).toEqual([
      {
        url: `${PORTAL}/api/v1/subscriptions/s-1/provisioned`,
        authorization: "Bearer mkp_test_key",
        body: { message: "tenant ready" },
      },
    ]);
    const tenant = provisioner.tenants.get("s-1");
    expect(tenant).toMatchObject({ subscriptionId: "s-1", tenantId: null, planId: "pro-seats", seats: 6 });
    expect(tenant?.answeredAt).not.toBeNull();

    // The same webhook-id again (the portal's replay): acknowledged, nothing done.
    expect(await inbox.receive(...delivery("s-1"))).toBe(204);
    expect(portal.calls).toHaveLength(1);
    // Another event asking again (a new request for the same subscription): the same tenant, told again.
    expect(await inbox.receive(...delivery("s-1", "8"))).toBe(204);
    expect(provisioner.tenants.size).toBe(1);
    expect(provisioner.tenants.get("s-1")).toBe(tenant);
    expect(portal.calls).toHaveLength(2);
  });

  it("answers 500 while the portal does not take the answer, and provisions once across the retries", async () => {
    const { portal, provisioner, inbox } = receiver([503, 500]);
    expect(await inbox.receive(...delivery("s-2"))).toBe(500);
    const createdAt = provisioner.tenants.get("s-2")?.createdAt;
    expect(provisioner.tenants.get("s-2")?.answeredAt).toBeNull();
    expect(await inbox.receive(...delivery("s-2"))).toBe(500);
    // The event was not remembered as handled, so the portal's retry is handled in full.
    expect(inbox.events).toEqual([]);
    expect(await inbox.receive(...delivery("s-2"))).toBe(204);
    expect(portal.calls.map((c) => c.url)).toEqual(Array(3).fill(`${PORTAL}/api/v1/subscriptions/s-2/provisioned`));
    expect([...provisioner.tenants.keys()]).toEqual(["s-2"]);
    expect(provisioner.tenants.get("s-2")?.createdAt).toBe(createdAt);
    expect(inbox.events.map((e) => e.webhookId)).toEqual(["evt_7"]);
  });

  it("answers 500 when the portal cannot be reached, or no key was given", async () => {
    const { provisioner, inbox } = receiver();
    provisioner.apiKey = undefined;
    expect(await inbox.receive(...delivery("s-3"))).toBe(500);

    const unreachable = createProvisioner({
      portalUrl: PORTAL,
      apiKey: "mkp_test_key",
      fetch: (() => Promise.reject(new TypeError("fetch failed"))) as typeof fetch,
    });
    expect(await unreachable.provision("s-3", request)).toBe(false);
  });

  it("acknowledges an answer the portal refuses for good (409, 404), and retries 429 and 5xx", async () => {
    const { portal, provisioner, inbox } = receiver([409, 429, 404]);
    expect(await inbox.receive(...delivery("s-6", "61"))).toBe(204);
    expect(provisioner.tenants.get("s-6")?.answeredAt).toBeNull();
    expect(await inbox.receive(...delivery("s-7", "71"))).toBe(500);
    expect(await inbox.receive(...delivery("s-7", "72"))).toBe(204);
    expect(portal.calls.map((c) => c.url.split("/").at(-2))).toEqual(["s-6", "s-7", "s-7"]);
    expect(provisioner.tenants.get("s-7")?.answeredAt).toBeNull();
  });

  it("fails without calling the portal, or reports the failure with a reason, when the test controls say so", async () => {
    const { portal, provisioner, inbox } = receiver();
    provisioner.mode = "fail";
    expect(await inbox.receive(...delivery("s-4"))).toBe(500);
    expect(portal.calls).toEqual([]);
    expect(provisioner.tenants.size).toBe(0);

    provisioner.mode = "report-failure";
    expect(await inbox.receive(...delivery("s-4"))).toBe(204);
    expect(portal.calls).toEqual([
      expect.objectContaining({
        url: `${PORTAL}/api/v1/subscriptions/s-4/provisioning-failed`,
        body: expect.objectContaining({ reason: expect.stringMatching(/failed/), buyerMessage: expect.any(String) }),
      }),
    ]);
    expect(provisioner.tenants.get("s-4")?.status).toBe("failed");

    // Fixed: a later request provisions the same tenant record and says so.
    provisioner.mode = "ok";
    expect(await inbox.receive(...delivery("s-4", "9"))).toBe(204);
    expect(portal.calls.at(-1)?.url).toBe(`${PORTAL}/api/v1/subscriptions/s-4/provisioned`);
    expect(provisioner.tenants.get("s-4")?.status).toBe("provisioned");
    expect(provisioner.tenants.size).toBe(1);
  });

  it("creates one tenant when two deliveries of the event arrive at once", async () => {
    const { provisioner, inbox } = receiver();
    const statuses = await Promise.all([inbox.receive(...delivery("s-5")), inbox.receive(...delivery("s-5"))]);
    expect(statuses).toEqual([204, 204]);
    expect(provisioner.tenants.size).toBe(1);
    expect(inbox.events).toHaveLength(1);
  });
});
