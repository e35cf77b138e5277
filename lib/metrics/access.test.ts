import { describe, expect, it } from "vitest";
import { metricsAccess } from "./access";

const TOKEN = "m".repeat(40);
const get = (authorization?: string) =>
  new Request("http://portal.test/api/metrics", { headers: authorization ? { authorization } : {} });

describe("who may read /api/metrics", () => {
  it("without a token: a portal listening on loopback only serves them, one listening beyond refuses (403)", () => {
    expect(metricsAccess({ host: "127.0.0.1" }, get())).toEqual({ ok: true, caller: null });
    expect(metricsAccess({ host: "::1" }, get())).toEqual({ ok: true, caller: null });
    for (const host of ["0.0.0.0", "10.0.0.4", "::"]) {
      const outcome = metricsAccess({ host }, get(`Bearer ${TOKEN}`));
      expect(outcome).toMatchObject({ ok: false, refusal: { type: "forbidden" } });
    }
  });

  it("with a token: only that token, on every interface, loopback included (401 otherwise)", () => {
    for (const host of ["127.0.0.1", "0.0.0.0"]) {
      expect(metricsAccess({ token: TOKEN, host }, get(`Bearer ${TOKEN}`))).toEqual({ ok: true, caller: null });
      for (const header of [undefined, `Bearer ${TOKEN}x`, `Bearer ${"n".repeat(40)}`, `Basic ${TOKEN}`]) {
        const outcome = metricsAccess({ token: TOKEN, host }, get(header));
        expect(outcome).toMatchObject({
          ok: false,
          refusal: { type: "unauthenticated", challenge: 'Bearer realm="metrics"' },
        });
      }
    }
  });
});
