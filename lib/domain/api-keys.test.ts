import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey } from "./api-key-secret";
import { API_KEY_PATTERN, apiKeyPrefix, isApiScope, looksLikeApiKey } from "./api-keys";

describe("API keys", () => {
  it("are a public prefix and 256 random bits, and only their SHA-256 is kept", () => {
    const { key, prefix, secretHash } = generateApiKey();
    expect(key).toMatch(API_KEY_PATTERN);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(prefix).toMatch(/^mkp_[0-9a-f]{12}$/);
    expect(secretHash).toBe(hashApiKey(key));
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(secretHash).not.toContain(key.slice(17));
    expect(generateApiKey().key).not.toBe(key);
  });

  it("fit RFC 6750's bearer token syntax", () => {
    expect(generateApiKey().key).toMatch(/^[A-Za-z0-9\-._~+/]+=*$/);
  });

  it("name their prefix only when shaped like a key (nothing else is ever logged)", () => {
    const { key, prefix } = generateApiKey();
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(looksLikeApiKey(key)).toBe(true);
    for (const other of ["eyJhbGciOi.x.y", `${key}x`, key.slice(0, -1), "mkp_short_secret"]) {
      expect(apiKeyPrefix(other)).toBeNull();
      expect(looksLikeApiKey(other)).toBe(false);
    }
  });

  it("scopes are a closed list", () => {
    expect(isApiScope("entitlements:read")).toBe(true);
    expect(isApiScope("admin")).toBe(false);
  });
});
