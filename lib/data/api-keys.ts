import "server-only";
import { getDb, inTransaction, type Db } from "@/lib/db";
import { generateApiKey } from "@/lib/domain/api-key-secret";
import { isApiScope, type ApiScope } from "@/lib/domain/api-keys";
import type { Actor } from "@/lib/domain/events";
import { recordEvent } from "./events";

/**
 * Keys of the integration API (the ApiKey table). Only the SHA-256 of a key is stored (lib/domain/api-keys.ts
 * says why that is right for random keys); the key itself exists once, in the answer to its creation.
 *
 * Every call looks its key up here, in the database: nothing is cached in the process, so a revocation
 * holds on every instance from the next call on. What a call writes is kept small, so that a GET does not
 * become a write: `lastUsedAt` at most once a minute per key, and a refused use (revoked, expired, wrong
 * scope) audited on the event feed at most once a minute per key. Creation and revocation are events too.
 */

/** How often `lastUsedAt` and refused uses are written, at most, per key. */
export const API_KEY_WRITE_INTERVAL_MS = 60_000;

/** A key as the admin page lists it (never its hash). */
export type ApiKeyRecord = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  createdByLabel: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedByLabel: string | null;
};

/** What a call needs to decide: the key, its state, and when it was last written. */
export type ApiKeyLookup = Pick<
  ApiKeyRecord,
  "id" | "name" | "prefix" | "scopes" | "expiresAt" | "lastUsedAt" | "revokedAt"
> & {
  lastRefusedAt: Date | null;
};

/** The owner who creates or revokes a key, as the event and the list record them. */
export type KeyManager = { id: string; label: string | null };

const listSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  createdByLabel: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  revokedByLabel: true,
} as const;

const scopesOf = (scopes: string[]): ApiScope[] => scopes.filter(isApiScope);
const actorOf = (by: KeyManager): Actor => ({ type: "user", id: by.id, label: by.label });

/** Creates a key and its event in one transaction; returns the key (the only time it exists in full). */
export async function createApiKey(
  input: { name: string; scopes: readonly ApiScope[]; expiresAt: Date | null },
  by: KeyManager,
): Promise<{ key: string; record: ApiKeyRecord }> {
  const { key, prefix, secretHash } = generateApiKey();
  const scopes = [...new Set(input.scopes)];
  const record = await inTransaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        name: input.name,
        prefix,
        secretHash,
        scopes,
        expiresAt: input.expiresAt,
        createdById: by.id,
        createdByLabel: by.label,
      },
      select: listSelect,
    });
    await recordEvent(
      {
        type: "api_key.created",
        action: "api_key.created",
        actor: actorOf(by),
        subject: { type: "api_key", id: row.id },
        after: { name: row.name, prefix, scopes, expiresAt: row.expiresAt },
      },
      tx,
    );
    return row;
  });
  return { key, record: { ...record, scopes: scopesOf(record.scopes) } };
}

/** Every key, newest first (revoked ones too: the list says when and by whom). */
export async function listApiKeys(db: Db = getDb()): Promise<ApiKeyRecord[]> {
  const rows = await db.apiKey.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }], select: listSelect });
  return rows.map((r) => ({ ...r, scopes: scopesOf(r.scopes) }));
}

/** Revokes a key and records it, in one transaction. False when there is no such key or it was already revoked. */
export async function revokeApiKey(id: string, by: KeyManager, now = new Date()): Promise<boolean> {
  return inTransaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now, revokedById: by.id, revokedByLabel: by.label },
    });
    if (!count) return false;
    const key = await tx.apiKey.findUniqueOrThrow({ where: { id }, select: { name: true, prefix: true } });
    await recordEvent(
      {
        type: "api_key.revoked",
        action: "api_key.revoked",
        actor: actorOf(by),
        subject: { type: "api_key", id },
        after: { ...key, revokedAt: now },
      },
      tx,
    );
    return true;
  });
}

/** The key whose SHA-256 is `secretHash`, whatever its state (the caller decides), or null. */
export async function findApiKeyByHash(secretHash: string, db: Db = getDb()): Promise<ApiKeyLookup | null> {
  const row = await db.apiKey.findUnique({
    where: { secretHash },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      expiresAt: true,
      lastUsedAt: true,
      lastRefusedAt: true,
      revokedAt: true,
    },
  });
  return row && { ...row, scopes: scopesOf(row.scopes) };
}

const due = (last: Date | null, now: Date) => !last || now.getTime() - last.getTime() >= API_KEY_WRITE_INTERVAL_MS;

/**
 * Records a use of `key` (read moments ago) when its `lastUsedAt` is a minute old or more; otherwise writes
 * nothing. The condition is repeated in the statement, so that instances answering at once write once.
 */
export async function touchApiKey(key: ApiKeyLookup, now = new Date(), db: Db = getDb()): Promise<void> {
  if (!due(key.lastUsedAt, now)) return;
  const cutoff = new Date(now.getTime() - API_KEY_WRITE_INTERVAL_MS);
  await db.apiKey.updateMany({
    where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: cutoff } }] },
    data: { lastUsedAt: now },
  });
}

/**
 * Audits a refused use of a known key (`reason`: revoked, expired, or the scope it lacks) on the event feed,
 * at most once a minute per key: a client that keeps calling with a revoked key is one event a minute,
 * not a row per call. Returns whether an event was written.
 */
export async function recordRefusedApiKeyUse(
  key: ApiKeyLookup,
  refusal: { reason: string; method: string; path: string },
  now = new Date(),
): Promise<boolean> {
  if (!due(key.lastRefusedAt, now)) return false;
  const cutoff = new Date(now.getTime() - API_KEY_WRITE_INTERVAL_MS);
  return inTransaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastRefusedAt: null }, { lastRefusedAt: { lte: cutoff } }] },
      data: { lastRefusedAt: now },
    });
    if (!count) return false;
    await recordEvent(
      {
        type: "api_key.refused",
        action: "api_key.refused",
        actor: { type: "system", id: "api" },
        subject: { type: "api_key", id: key.id },
        after: { prefix: key.prefix, ...refusal },
      },
      tx,
    );
    return true;
  });
}
