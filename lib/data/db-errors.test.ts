import { describe, expect, it, vi } from "vitest";
import { isDatabaseUnreachable, isValueRefused, whileDatabaseReturns } from "./db-errors";

const terminated = () => new Error("Connection terminated unexpectedly");
const shutdown = () =>
  Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
const uniqueViolation = () => Object.assign(new Error("duplicate key value"), { code: "23505" });

describe("isDatabaseUnreachable", () => {
  it("recognises a lost or refused connection, also as the cause of a wrapping error", () => {
    expect(isDatabaseUnreachable(terminated())).toBe(true);
    expect(isDatabaseUnreachable(shutdown())).toBe(true);
    expect(isDatabaseUnreachable(refused())).toBe(true);
    expect(isDatabaseUnreachable(new Error("query failed", { cause: refused() }))).toBe(true);
  });

  it("does not take a refused statement or any other error for an outage", () => {
    expect(isDatabaseUnreachable(uniqueViolation())).toBe(false);
    expect(isDatabaseUnreachable(new Error("Plan basic is not available"))).toBe(false);
    expect(isDatabaseUnreachable(undefined)).toBe(false);
  });

  it("tells a refused value (classes 22 and 23) from a lost connection", () => {
    expect(isValueRefused(uniqueViolation())).toBe(true);
    expect(isValueRefused(Object.assign(new Error("unsupported Unicode escape sequence"), { code: "22P05" }))).toBe(
      true,
    );
    expect(isValueRefused(shutdown())).toBe(false);
    expect(isValueRefused(terminated())).toBe(false);
  });
});

describe("whileDatabaseReturns", () => {
  it("tries again after each pause while the database is away, and returns once it answers", async () => {
    const fn = vi.fn().mockRejectedValueOnce(terminated()).mockRejectedValueOnce(refused()).mockResolvedValue("kept");
    await expect(whileDatabaseReturns(fn, [1, 1, 1])).resolves.toBe("kept");
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it("throws a refused statement at once, and an outage once the pauses are spent", async () => {
    const refusedOnce = vi.fn().mockRejectedValue(uniqueViolation());
    await expect(whileDatabaseReturns(refusedOnce, [1, 1])).rejects.toThrow("duplicate key");
    expect(refusedOnce).toHaveBeenCalledTimes(1);
    const away = vi.fn().mockRejectedValue(terminated());
    await expect(whileDatabaseReturns(away, [1, 1])).rejects.toThrow("Connection terminated");
    expect(away).toHaveBeenCalledTimes(3);
  });
});
