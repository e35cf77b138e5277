/**
 * Keys of the integration API (/api/v1): what they look like, what they may do, and how they are stored.
 * Pure and without imports, so that the admin page's client components use it too (making and hashing a
 * key is in api-key-secret.ts, server-side).
 *
 * A key is `mkp_<12 hex digits>_<43 base64url characters>`: the first part (`mkp_` and 48 random bits)
 * is its prefix, unique and not secret, which names the key in lists and logs; the rest is 256 random
 * bits. Every character is one RFC 6750 allows in a bearer token.
 */

/** What a key may be allowed to do; each route of /api/v1 requires one. */
export const API_SCOPES = [
  "entitlements:read",
  "subscriptions:read",
  // Its own scope, not part of subscriptions:read: answering `provisioned` starts billing at Microsoft, so only
  // the service that really provisions accounts should hold it, never a reporting job that merely reads.
  "subscriptions:provision",
  "usage:write",
  "events:manage",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What an owner reads on the admin page next to each scope. */
export const API_SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  "entitlements:read": "Ask whether a tenant (or a personal account) is entitled, to which plan and how many seats.",
  "subscriptions:read": "Read subscriptions: one by id, or the list with filters.",
  "subscriptions:provision":
    "Answer the provisioning gate: report an account provisioned (the portal then activates at Microsoft and billing starts) or failed.",
  "usage:write": "Report metered usage (the metering endpoints, when they come).",
  "events:manage": "Manage outbound event endpoints: register, change, pause, delete, read their delivery log, replay.",
};

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

export const API_KEY_PATTERN = /^(mkp_[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** The prefix of something shaped like a key (safe to log), or null: a token of another shape is never logged. */
export function apiKeyPrefix(token: string): string | null {
  return API_KEY_PATTERN.exec(token)?.[1] ?? null;
}

/** Whether `token` has the shape of a key (anything else is refused without asking the database). */
export function looksLikeApiKey(token: string): boolean {
  return API_KEY_PATTERN.test(token);
}

/** Expiry choices of the admin form, in days (null: never). */
export const API_KEY_EXPIRY_DAYS = [null, 7, 30, 90, 365] as const;
