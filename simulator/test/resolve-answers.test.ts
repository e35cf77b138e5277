// /_sim/resolve-answers: malformed Resolve answers on demand (a test's way to make Microsoft misbehave).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(async () => {
  await h.control("POST", "/reset");
  await h.control("DELETE", "/resolve-answers");
});

/** Resolve without the harness's contract check: a rewritten answer is meant to break the contract. */
const resolve = async (token: string): Promise<Record<string, unknown>> => {
  const res = await h.fetch(`${h.sim.httpsUrl}/api/saas/subscriptions/resolve?api-version=2018-08-31`, {
    method: "POST",
    headers: { authorization: `Bearer ${await h.token()}`, "x-ms-marketplace-token": token },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
};

describe("resolve answer rewrites", () => {
  it("replace or remove fields of the next N answers, top level and embedded subscription, then answers are normal again", async () => {
    const bought = await h.purchase({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const added = await h.control("POST", "/resolve-answers", {
      set: { id: "not-a-guid", planId: null },
      subscription: { id: "not-a-guid", planId: null, quantity: 3 },
      count: 2,
    });
    expect(added.status).toBe(201);

    for (let i = 0; i < 2; i++) {
      const answer = await resolve(bought.token);
      expect(answer.id).toBe("not-a-guid");
      expect(answer).not.toHaveProperty("planId");
      expect(answer.offerId).toBe("fabrikam-cloud");
      expect(answer.subscription).toMatchObject({ id: "not-a-guid", quantity: 3, offerId: "fabrikam-cloud" });
      expect(answer.subscription).not.toHaveProperty("planId");
    }
    const normal = await resolve(bought.token);
    expect(normal).toMatchObject({
      id: bought.subscriptionId,
      planId: "basic",
      subscription: { id: bought.subscriptionId, planId: "basic" },
    });
    expect(normal.subscription).not.toHaveProperty("quantity");
    // Only the answer changes: Microsoft's own record of the subscription is untouched.
    const stored = await h.control<Record<string, unknown>>("GET", `/subscriptions/${bought.subscriptionId}`);
    expect(stored.body).toMatchObject({ id: bought.subscriptionId, planId: "basic" });
  });

  it("are listed, cleared with DELETE, and refuse a malformed request", async () => {
    await h.control("POST", "/resolve-answers", { set: { offerId: null } });
    expect((await h.control<{ rewrites: unknown[] }>("GET", "/resolve-answers")).body.rewrites).toHaveLength(1);
    await h.control("DELETE", "/resolve-answers");
    expect((await h.control<{ rewrites: unknown[] }>("GET", "/resolve-answers")).body.rewrites).toHaveLength(0);
    expect((await h.control("POST", "/resolve-answers", { count: 0 })).status).toBe(400);
  });
});
