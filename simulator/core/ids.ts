// Identifier helpers: random GUIDs, deterministic GUIDs (stable oids for ad-hoc users) and opaque strings.
import { createHash, randomBytes, randomUUID } from "node:crypto";

export function newGuid(): string {
  return randomUUID();
}

/** A version-5-style GUID derived from a name, so the same e-mail always yields the same oid. */
export function guidFromName(namespace: string, name: string): string {
  const hash = createHash("sha256").update(`${namespace}:${name.toLowerCase()}`).digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function randomBase64Url(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}
