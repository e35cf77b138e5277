import { afterEach, describe, expect, it, vi } from "vitest";
import { exitAfter } from "./graceful";

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
