import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDb, type EmbeddedDb } from "./embedded-db";

// The embedded database is one PostgreSQL session shared by every connection: these prove that clients
// never see each other's statements or rows (pglite-socket's own scheduler fails the first test by hanging
// or answering with another client's rows: see pglite-session-queue.ts).
let db: EmbeddedDb;
beforeAll(async () => {
  db = await startEmbeddedDb({ dir: "memory://", port: 0 });
});
afterAll(() => db.stop());

async function connect() {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return client;
}

describe("embedded database under concurrent clients", () => {
  it("answers each of 10 clients with its own rows, inside and outside transactions", async () => {
    const clients = await Promise.all(Array.from({ length: 10 }, connect));
    const results = await Promise.all(
      clients.map(async (c, i) => {
        let right = 0;
        for (let k = 0; k < 30; k++) {
          const value = i * 1000 + k;
          if (i % 2) await c.query("BEGIN");
          const r = await c.query<{ v: number }>({
            text: "SELECT $1::int AS v",
            values: [value],
            ...(i % 3 === 0 ? { name: `q${i}` } : {}),
          });
          if (i % 2) await c.query("COMMIT");
          if (r.rows[0]?.v === value) right++;
        }
        return right;
      }),
    );
    expect(results).toEqual(Array(10).fill(30));
    await Promise.all(clients.map((c) => c.end()));
  });

  it("keeps a transaction's writes invisible to others until commit, and rolls back a client that disappears", async () => {
    const setup = await connect();
    await setup.query("CREATE TABLE IF NOT EXISTS probe (k text PRIMARY KEY)");
    const writer = await connect();
    const reader = await connect();
    await writer.query("BEGIN");
    await writer.query("INSERT INTO probe VALUES ($1)", ["committed"]);
    const seenDuring = reader.query<{ n: string }>("SELECT count(*) AS n FROM probe");
    await writer.query("COMMIT");
    // The reader waited for the writer's transaction to end, so it sees the committed row.
    expect(Number((await seenDuring).rows[0]?.n)).toBe(1);

    const quitter = await connect();
    await quitter.query("BEGIN");
    await quitter.query("INSERT INTO probe VALUES ($1)", ["abandoned"]);
    const blocked = reader.query<{ k: string }>("SELECT k FROM probe ORDER BY k");
    // The client's own "connection terminated" error is expected: it is the one being cut off.
    const cutOff = new Promise<Error>((resolve) => quitter.once("error", resolve));
    (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await cutOff).message).toMatch(/terminated/i);
    expect((await blocked).rows.map((r) => r.k)).toEqual(["committed"]);
    await Promise.all([setup.end(), writer.end(), reader.end()]);
  });
});
