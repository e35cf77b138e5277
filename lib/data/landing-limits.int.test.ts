import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { isRefusedToken, recordRefusedToken, takeResolveCall } from "./landing-limits";

const limits = { windowMinutes: 10, callsPerWindow: 5, refusedPerWindow: 2, refusedTokenMinutes: 60 };
const t0 = new Date("2026-11-20T10:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe("takeResolveCall", () => {
  it("allows callsPerWindow calls per user, then refuses until the window ends, then starts a new window", async () => {
    const user = randomUUID();
    for (let i = 0; i < 5; i++) expect(await takeResolveCall(user, limits, at(i))).toEqual({ allowed: true });
    expect(await takeResolveCall(user, limits, at(6))).toEqual({ allowed: false, retryAt: at(10) });
    expect(await takeResolveCall(randomUUID(), limits, at(6)), "another user has their own allowance").toEqual({
      allowed: true,
    });
    expect(await takeResolveCall(user, limits, at(10))).toEqual({ allowed: true });
    expect(await getDb().landingResolveBudget.findUnique({ where: { userId: user } })).toMatchObject({
      calls: 1,
      refused: 0,
      windowStart: at(10),
    });
  });

  it("refuses further calls once refusedPerWindow tokens were refused by Microsoft in the window", async () => {
    const user = randomUUID();
    for (let i = 0; i < 2; i++) {
      expect(await takeResolveCall(user, limits, at(i))).toEqual({ allowed: true });
      await recordRefusedToken(user, `hash-${user}-${i}`, limits, at(i));
    }
    expect(await takeResolveCall(user, limits, at(3))).toEqual({ allowed: false, retryAt: at(10) });
  });

  it("never overspends under simultaneous calls (one conditional upsert)", async () => {
    const user = randomUUID();
    const results = await Promise.all(Array.from({ length: 12 }, () => takeResolveCall(user, limits, at(0))));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });
});

describe("refused tokens", () => {
  it("are remembered by hash until they expire, and expired ones are cleared", async () => {
    const user = randomUUID();
    await takeResolveCall(user, limits, at(0));
    await recordRefusedToken(user, "old", limits, at(0));
    expect(await isRefusedToken("old", at(59))).toBe(true);
    expect(await isRefusedToken("old", at(61))).toBe(false);
    expect(await isRefusedToken("never-seen", at(0))).toBe(false);
    await recordRefusedToken(user, "new", limits, at(61));
    expect(await getDb().refusedPurchaseToken.findUnique({ where: { tokenHash: "old" } })).toBeNull();
    expect(await isRefusedToken("new", at(62))).toBe(true);
  });
});
