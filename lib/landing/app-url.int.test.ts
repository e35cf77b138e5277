import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getJwks } from "@/app/.well-known/jwks.json/route";
import { saveBuyerDetails } from "@/lib/data/subscriptions";
import { syncSubscription } from "@/lib/data/subscription-store";
import { resetEnvCache } from "@/lib/env";
import { generateSigningKeyPem } from "@/lib/handoff/local-key";
import { HANDOFF_TOKEN_TYPE } from "@/lib/handoff/token";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { appUrlFor } from "./app-url";

// The link "Open the app" renders, from the stored subscription to a token the published keys verify.
const PORTAL = "https://portal.fabrikam.example";
const APP = "https://app.fabrikam.example:8443";
const BEN = { tid: "c0ffee00-0000-4000-8000-00000000c001", oid: "b0000000-0000-4000-8000-00000000b002" };

beforeAll(() => {
  vi.stubEnv("PORTAL_URL", PORTAL);
  vi.stubEnv("SAAS_APP_URL_TEMPLATE", `${APP}/start?subscription={subscriptionId}`);
  // Two keys, as during a rotation: the first signs. (Set, so that no key is generated into the checkout's .data/.)
  vi.stubEnv("HANDOFF_SIGNING_KEY", `${generateSigningKeyPem()}${generateSigningKeyPem()}`);
  resetEnvCache();
});

async function publishedKeys(): Promise<{ response: Response; jwks: JSONWebKeySet }> {
  const response = await getJwks(new Request(`${PORTAL}/.well-known/jwks.json`), { params: Promise.resolve({}) });
  return { response, jwks: (await response.clone().json()) as JSONWebKeySet };
}

describe("Open the app", () => {
  it("carries a token about the stored subscription that the portal's published keys verify", async () => {
    const input = subscriptionInput({ planId: "pro-seats", quantity: 12 });
    await syncSubscription(input, { actor: { type: "microsoft" }, action: "subscription.resolved" });
    await saveBuyerDetails(input.id, { companyName: "Contoso Ltd" });

    const url = new URL((await appUrlFor(input.id, BEN))!);
    expect(`${url.origin}${url.pathname}`).toBe(`${APP}/start`);
    expect(url.searchParams.get("subscription")).toBe(input.id);
    const { response, jwks } = await publishedKeys();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/^public, max-age=300/);
    expect(jwks.keys).toHaveLength(2);
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);

    const { payload, protectedHeader } = await jwtVerify(url.searchParams.get("token")!, createLocalJWKSet(jwks), {
      issuer: PORTAL,
      audience: APP,
      algorithms: ["ES256"],
      typ: HANDOFF_TOKEN_TYPE,
    });
    expect(protectedHeader.kid).toBe(jwks.keys[0]!.kid);
    expect(payload).toMatchObject({
      sub: input.id,
      tid: BEN.tid,
      oid: BEN.oid,
      beneficiary: { tid: input.beneficiary.tenantId, oid: input.beneficiary.objectId },
      offer: input.offerId,
      plan: "pro-seats",
      seats: 12,
      buyer: { companyName: "Contoso Ltd" },
    });
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it("is minted anew on every click (never cached), and absent for a subscription the portal does not store", async () => {
    const input = subscriptionInput();
    await syncSubscription(input, { actor: { type: "microsoft" }, action: "subscription.resolved" });
    const tokens = await Promise.all([appUrlFor(input.id, BEN), appUrlFor(input.id, BEN)]);
    const [a, b] = tokens.map((u) => decodeJwt(new URL(u!).searchParams.get("token")!).jti);
    expect(a).not.toBe(b);
    expect(await appUrlFor(subscriptionInput().id, BEN)).toBeUndefined();
  });
});
