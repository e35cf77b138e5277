import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { subscriptionInput } from "@/test/fixtures/subscriptions";
import { parseListQuery } from "@/lib/admin-list/subscriptions";
import { syncSubscription } from "@/lib/data/subscription-store";
import { CSV_HEADER, subscriptionsCsvStream } from "./subscriptions-csv";

const offerId = `export-${randomUUID().slice(0, 8)}`;
const query = (params: string) => parseListQuery(new URLSearchParams(`offer=${offerId}&sort=name&${params}`)).query;
// ignoreBOM: keep the byte order mark in the text, to check that it is sent.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

async function readChunks(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const chunks: string[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(decoder.decode(r.value));
  return chunks;
}

beforeAll(async () => {
  const names = [
    "a plain name",
    "b, with a comma",
    'c "quoted"',
    "d\nmultiline",
    '=HYPERLINK("http://evil.example","click")',
    "+cmd",
    "-2+3",
    "@SUM(A1)",
  ];
  for (const name of names)
    await syncSubscription(subscriptionInput({ offerId, name }), { actor: { type: "microsoft" }, action: "test" });
  await syncSubscription(subscriptionInput({ offerId: `${offerId}-other`, name: "not exported" }), {
    actor: { type: "microsoft" },
    action: "test",
  });
});

describe("subscriptionsCsvStream", () => {
  it("streams the filtered set page by page, escaped and guarded against formulas", async () => {
    let done: number | undefined;
    const chunks = await readChunks(subscriptionsCsvStream(query(""), { pageSize: 3, onDone: (n) => (done = n) }));
    // The BOM and header first, then one chunk per page of 3 rows: 8 rows are 3 pages.
    expect(chunks).toHaveLength(4);
    expect(chunks[0]).toBe(`\uFEFF${CSV_HEADER}`);
    expect(done).toBe(8);
    const body = chunks.slice(1).join("");
    // Eight records: the line break inside a name is a bare LF within quotes, records end with CRLF.
    expect(body.split("\r\n").filter(Boolean)).toHaveLength(8);
    expect(body).toContain(',"b, with a comma",');
    expect(body).toContain(',"c ""quoted""",');
    expect(body).toContain(',"d\nmultiline",');
    expect(body).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(body).toContain(",'+cmd,");
    expect(body).toContain(",'-2+3,");
    expect(body).toContain(",'@SUM(A1),");
    expect(body).not.toContain("not exported");
    expect(body).toContain(`,${offerId},pro-seats,10,P1M,`);
  });

  it("exports the header alone when nothing matches", async () => {
    expect(await readChunks(subscriptionsCsvStream(query("q=nothing-matches-this")))).toEqual([`\uFEFF${CSV_HEADER}`]);
  });

  it("reads no further than the client asks, and stops when the client goes away", async () => {
    let done = false;
    const reader = subscriptionsCsvStream(query(""), { pageSize: 2, onDone: () => (done = true) }).getReader();
    expect(decoder.decode((await reader.read()).value)).toContain("id,name,status");
    expect(
      decoder
        .decode((await reader.read()).value)
        .split("\r\n")
        .filter(Boolean),
    ).toHaveLength(2);
    await reader.cancel();
    expect(done).toBe(false);
  });
});
