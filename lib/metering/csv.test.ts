import { describe, expect, it } from "vitest";
import type { UsageHourView } from "@/lib/data/usage-admin";
import { csvCell, usageCsv } from "./csv";

describe("usage CSV", () => {
  it("quotes what needs it and defuses spreadsheet formulas", () => {
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(-2)).toBe("-2");
    expect(csvCell(null)).toBe("");
    expect(csvCell(new Date("2026-12-05T10:00:00Z"))).toBe("2026-12-05T10:00:00.000Z");
  });

  it("writes a header and one line per hour", () => {
    const row = {
      id: "x",
      subscriptionId: "s",
      subscriptionName: "Contoso, Inc.",
      offerId: "o",
      planId: "p",
      dimension: "api-calls",
      hourStart: new Date("2026-12-05T10:00:00Z"),
      ingested: 1200,
      included: 1000,
      overage: 200,
      state: "Done",
      status: "Accepted",
      usageEventId: "e",
      acceptedQuantity: 200,
      flagReason: null,
      note: "line one\nline two",
      reconStatus: null,
      attempts: 1,
    } satisfies UsageHourView;
    const lines = usageCsv([row]).split("\r\n");
    expect(lines[0]).toBe(
      "hourStart,subscriptionId,subscriptionName,offerId,planId,dimension,ingested,included,overage,state,status,usageEventId,acceptedQuantity,reconStatus,flagReason,note",
    );
    expect(lines[1]).toBe(
      '2026-12-05T10:00:00.000Z,s,"Contoso, Inc.",o,p,api-calls,1200,1000,200,Done,Accepted,e,200,,,"line one\nline two"',
    );
  });
});
