import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exitAfter, shutdown } from "./graceful";
import { isShuttingDown } from "./state";

afterEach(() => vi.restoreAllMocks());

describe("exitAfter", () => {
  it("exits with its code even when the last log line throws (stdout's reader gone: EPIPE)", () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    expect(() =>
      exitAfter(1, () => {
        throw Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
      }),
    ).toThrow("EPIPE");
    expect(exit).toHaveBeenCalledWith(1);
  });

  it("writes the last words first, then exits", () => {
    const order: string[] = [];
    vi.spyOn(process, "exit").mockImplementation(((code: number) => void order.push(`exit ${code}`)) as never);
    exitAfter(0, () => order.push("logged"));
    expect(order).toEqual(["logged", "exit 0"]);
  });
});

describe("shutdown", () => {
  const get = (port: number) =>
    new Promise<number>((resolve, reject) =>
      http
        .get({ port, host: "127.0.0.1", agent: false }, (r) => {
          r.resume();
          resolve(r.statusCode!);
        })
        .on("error", reject),
    );

  it("is not ready at once, serves during the readiness delay, then closes, drains and exits 0", async () => {
    (globalThis as { portalShuttingDown?: boolean }).portalShuttingDown = undefined;
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const server = http.createServer((_, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const drain = vi.fn(async () => {});

    const started = Date.now();
    const done = shutdown("SIGTERM", { timeoutMs: 5_000, readinessDelayMs: 400, drain });
    expect(isShuttingDown()).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(await get(port)).toBe(200); // a balancer that has not seen the probe yet still gets answers
    expect(drain).not.toHaveBeenCalled();
    await done;

    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(server.listening).toBe(false);
    await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
    expect(drain).toHaveBeenCalledOnce();
    expect(exit).toHaveBeenCalledWith(0);
  });
});
