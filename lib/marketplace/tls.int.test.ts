import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MarketplaceClient } from "./client";
import { captureLog } from "@/test/marketplace-support";
import { createMsalTokenProvider, type TokenProvider } from "./token";

// A server whose certificate nobody trusts (not the simulator's): the client must say so at once, as a
// configuration problem, instead of retrying and reporting Microsoft as unavailable.
let server: Server;
let origin: string;
let requests = 0;

beforeAll(async () => {
  const pems = await generate([{ name: "commonName", value: "localhost" }], { keySize: 2048 });
  server = createServer({ key: pems.private, cert: pems.cert }, (_req, res) => {
    requests += 1;
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("an untrusted TLS certificate", () => {
  it("at the marketplace API is a configuration error naming NODE_EXTRA_CA_CERTS, not retried", async () => {
    const tokens: TokenProvider = { getToken: async () => ({ token: "t", expiresOn: undefined, fromCache: false }) };
    const client = new MarketplaceClient({
      baseUrl: `${origin}/api`,
      tokens,
      logger: captureLog().logger,
      policy: { maxAttempts: 3, baseDelayMs: 1 },
    });
    await expect(client.getSubscription("37f9dea2-4345-438f-b0bd-03d40d28c7e0")).rejects.toMatchObject({
      kind: "configuration",
      attempts: 1,
      message: expect.stringContaining("NODE_EXTRA_CA_CERTS"),
    });
    expect(requests).toBe(0);
  });

  it("at the Entra authority is a configuration error naming NODE_EXTRA_CA_CERTS, not retried", async () => {
    const tokens = createMsalTokenProvider({
      authorityHost: origin,
      tenantId: "c0ffee00-0000-4000-8000-000000000001",
      clientId: "c0ffee00-0000-4000-8000-0000000000f1",
      credential: { kind: "secret", secret: "s" },
      timeoutMs: 2_000,
      logger: captureLog().logger,
    });
    const client = new MarketplaceClient({
      baseUrl: `${origin}/api`,
      tokens,
      logger: captureLog().logger,
      policy: { maxAttempts: 3, baseDelayMs: 1 },
    });
    await expect(client.getSubscription("37f9dea2-4345-438f-b0bd-03d40d28c7e0")).rejects.toMatchObject({
      kind: "configuration",
      attempts: 1,
      message: expect.stringContaining("Entra ID's TLS certificate is not trusted"),
    });
    expect(requests).toBe(0);
  });
});
