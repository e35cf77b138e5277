import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_IDENTITIES, startSimulatorProcess, type SimulatorProcess } from "../../test/simulator";
import { countTokenRequests, purchase, simulatorClient } from "@/test/marketplace-support";

// Entra issues the Marketplace API's tokens in the format the resource asks for (v1 today), whichever
// endpoint MSAL calls, and Microsoft could switch it. The portal must not care: MSAL and the client treat
// the access token as an opaque string. Each format here is the simulator's own setting.
const TENANT = SIM_IDENTITIES.publisherTenantId;
const CLIENT = SIM_IDENTITIES.fulfillmentClientId;
const FORMATS = [
  {
    label: "v1 tokens (Entra's format for this resource, the simulator's default)",
    env: {},
    claims: { ver: "1.0", appid: CLIENT, iss: `https://sts.windows.net/${TENANT}/` },
  },
  {
    label: "v2 tokens (SIM_ACCESS_TOKEN_VERSION=2)",
    env: { SIM_ACCESS_TOKEN_VERSION: "2" },
    claims: { ver: "2.0", azp: CLIENT },
  },
] as const;

const sims = new Map<string, SimulatorProcess>();
beforeAll(async () => {
  await Promise.all(FORMATS.map(async (f) => sims.set(f.label, await startSimulatorProcess({ env: f.env }))));
});
afterAll(async () => {
  await Promise.all([...sims.values()].map((sim) => sim.stop()));
});

const lastHour = (): Date => {
  const d = new Date(Date.now() - 60 * 60 * 1000);
  d.setUTCMinutes(5, 0, 0);
  return d;
};

describe.each(FORMATS)("the Marketplace client with $label", (format) => {
  it("gets the token through MSAL and completes the landing page calls, reads and metering with it", async () => {
    const sim = sims.get(format.label)!;
    const { client, tokens } = simulatorClient(sim);
    const bought = await purchase(sim, { planId: "metered" });
    const resolved = await client.resolve(bought.token);
    expect(resolved).toMatchObject({ id: bought.subscriptionId, planId: "metered" });
    await client.activate(resolved.id, { planId: "metered" });
    expect((await client.getSubscription(resolved.id)).saasSubscriptionStatus).toBe("Subscribed");
    expect((await client.listAvailablePlans(resolved.id)).length).toBeGreaterThan(0);
    const usage = await client.usageEvent({
      resourceId: resolved.id,
      quantity: 3,
      dimension: "api-calls",
      effectiveStartTime: lastHour(),
      planId: "metered",
    });
    expect(usage.outcome).toBe("accepted");
    // The token the portal used really is of this format (only the test looks inside it).
    expect(decodeJwt((await tokens.getToken()).token)).toMatchObject({
      aud: "20e940b3-4c77-4b0b-9a53-9e16a1b010a7",
      tid: TENANT,
      ...format.claims,
    });
  });

  it("replaces a token Microsoft refuses (expired early) with one fresh token of the same format", async () => {
    const sim = sims.get(format.label)!;
    const { client, tokens } = simulatorClient(sim);
    const { subscriptionId } = await purchase(sim);
    await client.getSubscription(subscriptionId);
    await sim.control("POST", "/faults/expire-tokens", { tokens: "access" });
    const tokenRequests = await countTokenRequests(sim);
    expect((await client.getSubscription(subscriptionId)).id).toBe(subscriptionId);
    expect(await tokenRequests()).toBe(1);
    expect(decodeJwt((await tokens.getToken()).token)).toMatchObject(format.claims);
    await sim.control("DELETE", "/faults");
  });
});
