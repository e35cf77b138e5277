import { describe, expect, it } from "vitest";
import { usagePeriod } from "./period";

const now = new Date("2026-12-05T10:00:00Z");

describe("usagePeriod", () => {
  it("defaults to yesterday and today, whole UTC days, the end exclusive", () => {
    expect(usagePeriod({}, now)).toEqual({
      from: new Date("2026-12-04T00:00:00Z"),
      to: new Date("2026-12-06T00:00:00Z"),
      fromText: "2026-12-04",
      toText: "2026-12-05",
    });
  });

  it("ignores malformed dates, starts a reversed period at its end, and caps the span at 92 days", () => {
    expect(usagePeriod({ from: "yesterday", to: "2026-13-40" }, now).toText).toBe("2026-12-05");
    expect(usagePeriod({ from: "2026-12-05", to: "2026-12-01" }, now).fromText).toBe("2026-12-01");
    expect(usagePeriod({ from: "2020-01-01", to: "2026-12-05" }, now).fromText).toBe("2026-09-05");
  });
});
