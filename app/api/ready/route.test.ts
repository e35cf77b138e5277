import { afterEach, describe, expect, it, vi } from "vitest";

const checkReadiness = vi.fn(async () => ({ ready: true as const }));
vi.mock("@/lib/data/health", () => ({ checkReadiness }));

const { GET } = await import("./route");
const { beginShutdown } = await import("@/lib/shutdown/state");

const get = () => GET(new Request("http://localhost/api/ready"), { params: Promise.resolve({}) });

describe("GET /api/ready while the process shuts down (lib/shutdown/graceful.ts)", () => {
  afterEach(() => {
    delete (globalThis as { portalShuttingDown?: boolean }).portalShuttingDown;
  });

  it("is ready while the database is, and answers 503 shutting-down from the moment the shutdown begins", async () => {
    const before = await get();
    expect(before.status).toBe(200);
    expect(checkReadiness).toHaveBeenCalledTimes(1);

    expect(beginShutdown()).toBe(true);
    expect(beginShutdown()).toBe(false);
    const during = await get();
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ status: "not-ready", reason: "shutting-down" });
    // Not even a database round trip: the answer must not wait on a pool that is closing.
    expect(checkReadiness).toHaveBeenCalledTimes(1);
  });
});
