import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { hashApiKey } from "@/lib/domain/api-key-secret";
import {
  API_KEY_WRITE_INTERVAL_MS,
  createApiKey,
  findApiKeyByHash,
  listApiKeys,
  recordRefusedApiKeyUse,
  revokeApiKey,
  touchApiKey,
} from "./api-keys";

const owner = { id: randomUUID(), label: "owner@fabrikam.example" };
const make = (name = `key ${randomUUID().slice(0, 6)}`) =>
  createApiKey({ name, scopes: ["entitlements:read", "entitlements:read"], expiresAt: null }, owner);
const events = (id: string) =>
  getDb().event.findMany({ where: { subjectType: "api_key", subjectId: id }, orderBy: { id: "asc" } });

describe("API keys in the database", () => {
  it("keep only the hash: the key is found by it, and nothing stored contains it", async () => {
    const { key, record } = await make();
    expect(record.scopes).toEqual(["entitlements:read"]);
    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.secretHash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key.slice(17));
    expect((await findApiKeyByHash(hashApiKey(key)))?.id).toBe(record.id);
    expect(await findApiKeyByHash(hashApiKey(`${key}x`))).toBeNull();
    const [created] = await events(record.id);
    expect(created).toMatchObject({ type: "api_key.created", actorId: owner.id, actorLabel: owner.label });
    expect(JSON.stringify(created!.after)).not.toContain(key.slice(17));
    expect(Object.keys((await listApiKeys()).find((k) => k.id === record.id)!)).not.toContain("secretHash");
  });

  it("are revoked once, by whom, with its event", async () => {
    const { record } = await make();
    expect(await revokeApiKey(record.id, owner)).toBe(true);
    expect(await revokeApiKey(record.id, owner)).toBe(false);
    expect(await revokeApiKey(randomUUID(), owner)).toBe(false);
    const listed = (await listApiKeys()).find((k) => k.id === record.id)!;
    expect(listed).toMatchObject({ revokedAt: expect.any(Date), revokedByLabel: owner.label });
    expect((await events(record.id)).map((e) => e.type)).toEqual(["api_key.created", "api_key.revoked"]);
  });

  it("write their last use at most once a minute, once across instances answering at once", async () => {
    const { key, record } = await make();
    const lookup = async () => (await findApiKeyByHash(hashApiKey(key)))!;
    const t0 = new Date("2026-12-01T10:00:00Z");
    const seen = await lookup();
    await Promise.all([touchApiKey(seen, t0), touchApiKey(seen, new Date(t0.getTime() + 5))]);
    const first = (await lookup()).lastUsedAt!; // whichever came first; the other wrote nothing
    expect([t0.getTime(), t0.getTime() + 5]).toContain(first.getTime());
    await touchApiKey(await lookup(), new Date(first.getTime() + API_KEY_WRITE_INTERVAL_MS - 1));
    expect((await lookup()).lastUsedAt).toEqual(first);
    const later = new Date(first.getTime() + API_KEY_WRITE_INTERVAL_MS);
    await touchApiKey(await lookup(), later);
    expect((await lookup()).lastUsedAt).toEqual(later);
    expect((await events(record.id)).length).toBe(1); // uses are not events
  });

  it("audit refused uses at most once a minute per key", async () => {
    const { key, record } = await make();
    const t0 = new Date("2026-12-01T10:00:00Z");
    const use = { reason: "revoked", method: "GET", path: "/api/v1/entitlements" };
    const seen = (await findApiKeyByHash(hashApiKey(key)))!;
    const written = await Promise.all([
      recordRefusedApiKeyUse(seen, use, t0),
      recordRefusedApiKeyUse(seen, use, new Date(t0.getTime() + 10)),
    ]);
    expect(written.filter(Boolean)).toHaveLength(1);
    const fresh = (await findApiKeyByHash(hashApiKey(key)))!;
    // Either racer may have won; the minute counts from the one that wrote.
    const first = fresh.lastRefusedAt!.getTime();
    expect([t0.getTime(), t0.getTime() + 10]).toContain(first);
    expect(await recordRefusedApiKeyUse(fresh, use, new Date(first + 30_000))).toBe(false);
    expect(await recordRefusedApiKeyUse(fresh, use, new Date(first + API_KEY_WRITE_INTERVAL_MS - 1))).toBe(false);
    expect(await recordRefusedApiKeyUse(fresh, use, new Date(first + API_KEY_WRITE_INTERVAL_MS))).toBe(true);
    const refused = (await events(record.id)).filter((e) => e.type === "api_key.refused");
    expect(refused).toHaveLength(2);
    expect(refused[0]!.after).toEqual({ prefix: record.prefix, ...use });
  });
});
