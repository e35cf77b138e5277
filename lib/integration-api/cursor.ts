/**
 * The list's opaque cursor: the position after the last subscription of a page in the list's order
 * (first seen, newest first, then id), as base64url JSON. Opaque to callers, so that the order's columns
 * may change within v1; a cursor that does not decode is refused, never read as "from the start".
 */

export type CursorPosition = { createdAt: Date; id: string };

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): CursorPosition | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [at, id] = value as unknown[];
  if (typeof at !== "string" || typeof id !== "string" || id.length === 0 || id.length > 100) return null;
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) return null;
  return { createdAt, id };
}
