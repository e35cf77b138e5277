import { createHmac, createPublicKey, type JsonWebKey } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDeliveryByOperation } from "@/lib/data/deliveries";
import { getSubscription } from "@/lib/data/subscriptions";
import { getWebhookTokenValidator, type WebhookTokenFailure } from "@/lib/marketplace/webhook-token";
import {
  customerEvent,
  payloadOf,
  settled,
  startHarness,
  subscribed,
  webhookBearer,
  type Harness,
} from "@/test/webhook-harness";
import { injectFault, remainingFaults } from "@/test/marketplace-support";
import { mintToken, SIM_IDENTITIES } from "@/test/simulator";

// Anyone on the internet can POST to the webhook. Each way of faking or abusing a call is its own case,
// against a real pending plan change at Microsoft: the answer is the right refusal, and nothing happens —
// no inbox row, no subscription in the portal, no answer to Microsoft's operation.

const CONTOSO = "c0ffee00-0000-4000-8000-00000000c001";
const MARKETPLACE_APP = "20e940b3-4c77-4b0b-9a53-9e16a1b010a7";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { WEBHOOK_MAX_BODY_BYTES: "4096" } });
});
afterAll(() => h?.stop());

let subscriptionId: string;
let op: Awaited<ReturnType<typeof customerEvent>>;
let patches: () => Promise<number>;
beforeEach(async () => {
  subscriptionId = await subscribed(h, { planId: "pro-seats", quantity: 10 });
  await h.sim.control("POST", "/faults/webhooks", { kind: "drop" }); // the test delivers it itself
  op = await customerEvent(h, subscriptionId, "change-quantity", { quantity: 20 });
  await injectFault(h.sim, { endpoint: "patchOperation", kind: "hang", hangMs: 0, count: 1000 }); // counts PATCHes
  patches = async () => 1000 - (await remainingFaults(h.sim, "patchOperation"));
});
afterEach(() => h.sim.control("DELETE", "/faults"));

async function send(init: {
  authorization?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
}): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(h.server.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(init.authorization !== undefined ? { authorization: init.authorization } : {}),
      ...init.headers,
    },
    body: init.body ?? payloadOf(op),
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

async function expectNothingApplied(): Promise<void> {
  expect(await getDeliveryByOperation(op.id)).toBeNull();
  expect(await getSubscription(subscriptionId)).toBeNull();
  expect(await patches()).toBe(0);
  const sim = (
    await h.sim.control<{ quantity: number; operations: { id: string; status: string }[] }>(
      "GET",
      `/subscriptions/${subscriptionId}`,
    )
  ).body;
  expect(sim.quantity).toBe(10);
  expect(sim.operations.find((o) => o.id === op.id)?.status).toBe("InProgress");
}

/** 401 with nothing to learn from, nothing applied, and (asked of the validator itself) for the reason given. */
async function expectUnauthorized(authorization: string | undefined, reason: WebhookTokenFailure): Promise<void> {
  expect(await getWebhookTokenValidator()(authorization)).toEqual({ ok: false, reason, retryable: false });
  const res = await send({ authorization });
  expect(res.status).toBe(401);
  expect(res.text).toBe(""); // no detail for the caller
  expect(res.headers.get("www-authenticate")).toBe("Bearer");
  await expectNothingApplied();
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("the webhook refuses", () => {
  it("(control) nothing: a genuine token and payload are applied, so the refusals below are meaningful", async () => {
    expect((await send({ authorization: await webhookBearer(h) })).status).toBe(200);
    // Answered on receipt; the worker applies it.
    expect((await settled(op.id)).status).toBe("Applied");
    expect(await patches()).toBe(1);
  });

  it("a call without a token", () => expectUnauthorized(undefined, "no bearer token"));

  it("a garbage token", () => expectUnauthorized("Bearer this-is-not-a-jwt", "malformed token"));

  it("a token with a bad signature (a key Entra does not publish)", async () =>
    expectUnauthorized(await webhookBearer(h, {}, { untrusted: true }), "bad signature"));

  it("a token with alg none", async () =>
    expectUnauthorized(`Bearer ${await mintToken(h.sim, { unsigned: true })}`, "algorithm not allowed"));

  it("an HS256 token signed with Entra's public key as the secret", async () => {
    const { keys } = (await (
      await fetch(`${h.sim.httpsUrl}/${SIM_IDENTITIES.publisherTenantId}/discovery/v2.0/keys`)
    ).json()) as { keys: (JsonWebKey & { kid: string })[] };
    const jwk = keys[0]!;
    const claims = JSON.parse(
      Buffer.from((await mintToken(h.sim, {})).split(".")[1]!, "base64url").toString(),
    ) as Record<string, unknown>;
    const unsigned = `${b64({ alg: "HS256", typ: "JWT", kid: jwk.kid })}.${b64(claims)}`;
    for (const secret of [
      createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "pem" }),
      JSON.stringify(jwk),
    ]) {
      await expectUnauthorized(
        `Bearer ${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`,
        "algorithm not allowed",
      );
    }
  });

  it("a token for another audience", async () =>
    expectUnauthorized(await webhookBearer(h, { aud: MARKETPLACE_APP }), "wrong audience"));

  it("a token with another tenant id", async () =>
    expectUnauthorized(await webhookBearer(h, { tid: CONTOSO }), "wrong tenant"));

  it("a token from another calling application (azp)", async () =>
    expectUnauthorized(
      await webhookBearer(h, { azp: SIM_IDENTITIES.fulfillmentClientId }),
      "wrong calling application",
    ));

  it("an expired token", async () =>
    expectUnauthorized(await webhookBearer(h, {}, { expiresInSeconds: -600 }), "expired"));

  it("a token of another tenant (its tid and its issuer)", async () =>
    expectUnauthorized(
      await webhookBearer(h, { tid: CONTOSO, iss: `${h.sim.httpsUrl}/${CONTOSO}/v2.0` }),
      "wrong issuer",
    ));

  it("an oversized body (declared), with 413 before the token is even looked at", async () => {
    const res = await send({ authorization: "Bearer x", body: payloadOf(op, { padding: "x".repeat(5000) }) });
    expect(res.status).toBe(413);
    await expectNothingApplied();
  });

  it("an oversized body sent in chunks without a length, with 413 while reading", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await send({ authorization: await webhookBearer(h), body });
    expect(res.status).toBe(413);
    await expectNothingApplied();
  });

  it("malformed JSON, with a genuine token", async () => {
    const res = await send({ authorization: await webhookBearer(h), body: `${payloadOf(op).slice(0, -5)}` });
    expect(res.status).toBe(400);
    await expectNothingApplied();
  });

  it("JSON that is not a Marketplace payload (no operation id), with a genuine token", async () => {
    const res = await send({
      authorization: await webhookBearer(h),
      body: JSON.stringify({ action: "ChangeQuantity", subscriptionId }),
    });
    expect(res.status).toBe(400);
    await expectNothingApplied();
  });
});
