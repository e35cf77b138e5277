import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

describe("the list's cursor", () => {
  const position = { createdAt: new Date("2026-11-20T10:00:02.123Z"), id: "3f0c1a52-6b7e-4d0a-9a53-5d1e8c2b7f10" };

  it("round-trips a position, opaque and URL-safe", () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ["not base64url", "a+b/c="],
    ["not JSON", Buffer.from("nope").toString("base64url")],
    ["the wrong shape", Buffer.from(JSON.stringify({ at: 1 })).toString("base64url")],
    ["not a date", Buffer.from(JSON.stringify(["yesterday", "x"])).toString("base64url")],
    ["a date not in its own spelling", Buffer.from(JSON.stringify(["2026-11-20", "x"])).toString("base64url")],
    ["an empty id", Buffer.from(JSON.stringify([position.createdAt.toISOString(), ""])).toString("base64url")],
  ])("refuses %s", (_what, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
