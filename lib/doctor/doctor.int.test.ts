import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as realWebhookRoute } from "@/app/api/webhooks/marketplace/route";
import { getDb } from "@/lib/db";
import { parseEnv } from "@/lib/env";
import { createLogger } from "@/lib/log";
import { purchase } from "@/test/marketplace-support";
import { SIM_IDENTITIES, startSimulatorProcess, type SimulatorProcess } from "@/test/simulator";
import { createDoctorContext, exitCodeFor, runDoctor, type CheckReport } from "./index";

// Every check that talks to something, against real servers: the simulator as Entra and the Marketplace
// API (over https, through MSAL, as in production), the test's migrated database, and a small local
// server standing for the portal behind its proxy — either passing the webhook to the portal's real route,
// or a misconfigured proxy that answers 200 itself.

let sim: SimulatorProcess;
let webhookMode: "portal" | "proxy-answers-200" = "portal";
let portal: http.Server;
let portalUrl: string;

beforeAll(async () => {
  sim = await startSimulatorProcess();
  await purchase(sim, { offerId: "fabrikam-cloud", planId: "basic" });
  portal = http.createServer((req, res) => {
    void (async () => {
      if (req.method === "GET" && req.url === "/api/health") return void res.writeHead(200).end('{"status":"ok"}');
      if (req.method === "POST" && req.url === "/api/webhooks/marketplace") {
        if (webhookMode === "proxy-answers-200") return void res.writeHead(200).end("OK");
        const headers = Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string");
        const body = await new Promise<Buffer>((resolve) => {
          const chunks: Buffer[] = [];
          req.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve(Buffer.concat(chunks)));
        });
        const answer = await realWebhookRoute(
          new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: body.toString("utf8") }),
          { params: Promise.resolve({}) },
        );
        return void res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
      }
      res.writeHead(404).end("Not Found");
    })();
  });
  await new Promise<void>((resolve) => portal.listen(0, "127.0.0.1", resolve));
  portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});
afterEach(async () => {
  webhookMode = "portal";
  await sim.control("DELETE", "/faults");
  await sim.control("POST", "/clock", { reset: true });
});
afterAll(async () => {
  await new Promise((resolve) => portal?.close(resolve));
  await sim?.stop();
});

/**
 * The portal's configuration in local mode, pointed at the simulator process and the local "portal". The
 * database is the test file's own (test/setup-db.ts gives lib/db its URL), whatever the configuration says.
 */
async function doctor(overrides: Record<string, string> = {}): Promise<Record<string, CheckReport>> {
  const config = parseEnv({
    PORTAL_URL: portalUrl,
    ENTRA_AUTHORITY_HOST: sim.httpsUrl,
    MARKETPLACE_API_URL: sim.apiUrl,
    MARKETPLACE_TIMEOUT_MS: "3000",
    ...overrides,
  });
  expect(config.problems).toEqual([]);
  const reports = await runDoctor(createDoctorContext({ config, logger: createLogger({ level: "silent" }) }));
  return Object.fromEntries(reports.map((r) => [r.id, r]));
}

describe("against the simulator, configured as npm start configures it", () => {
  it("passes every check that applies, shows whose token it is and the offers seen, and exits 0", async () => {
    const checks = await doctor();
    expect(Object.values(checks).map((c) => [c.id, c.status])).toEqual([
      ["configuration", "pass"],
      ["database", "pass"],
      ["marketplace-token", "pass"],
      ["list-subscriptions", "pass"],
      ["clock", "pass"],
      ["public-url", "pass"],
      ["webhook-refuses-unsigned", "pass"],
      ["certificate-expiry", "skip"],
      ["client-secret-expiry", "skip"],
    ]);
    expect(checks["marketplace-token"]!.detail).toContain(`tenant (tid) ${SIM_IDENTITIES.publisherTenantId}`);
    expect(checks["marketplace-token"]!.detail).toContain(`app (appid/azp) ${SIM_IDENTITIES.fulfillmentClientId}`);
    expect(checks["marketplace-token"]!.detail).toContain("audience (aud) 20e940b3-4c77-4b0b-9a53-9e16a1b010a7");
    expect(checks["marketplace-token"]!.detail).not.toMatch(/eyJ/); // never the token itself
    expect(checks["list-subscriptions"]!.detail).toMatch(/offers seen: fabrikam-cloud \(\d+\)/);
    expect(exitCodeFor(Object.values(checks))).toBe(0);
  });
});

describe("each check fails for its cause", () => {
  it("Entra refuses a wrong client secret: the token fails with what to check, and List Subscriptions does not run", async () => {
    const checks = await doctor({ MARKETPLACE_CLIENT_SECRET: "not-the-secret" });
    expect(checks["marketplace-token"]).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/invalid_client/),
      fix: expect.stringMatching(/client secret/),
    });
    expect(JSON.stringify(checks)).not.toContain("not-the-secret");
    expect(checks["list-subscriptions"]!.status).toBe("skip");
  });

  it("List Subscriptions answers 403 to an app Partner Center does not know: the fix names the technical configuration", async () => {
    // The sign-in app gets a valid Marketplace token from Entra, but it is not the offer's registered app.
    const checks = await doctor({
      MARKETPLACE_CLIENT_ID: SIM_IDENTITIES.signInClientId,
      MARKETPLACE_CLIENT_SECRET: SIM_IDENTITIES.signInClientSecret,
    });
    expect(checks["marketplace-token"]!.status).toBe("pass");
    expect(checks["list-subscriptions"]).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/HTTP 403/),
      fix: expect.stringMatching(/Partner Center → your SaaS offer → Technical configuration/),
    });
  });

  it("a clock 2 minutes off warns, 10 minutes off fails", async () => {
    await sim.control("POST", "/clock", { advanceMs: 2 * 60_000 });
    const warned = (await doctor()).clock!;
    expect(warned).toMatchObject({ status: "warn", detail: expect.stringMatching(/1[12]\d s behind Entra's/) });
    await sim.control("POST", "/clock", { advanceMs: 8 * 60_000 });
    expect((await doctor()).clock).toMatchObject({ status: "fail", fix: expect.stringMatching(/NTP/) });
  });

  it("a webhook URL that answers 200 without a token fails, saying what came back", async () => {
    webhookMode = "proxy-answers-200";
    expect((await doctor())["webhook-refuses-unsigned"]).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/answered HTTP 200 instead of 401.*: OK\.$/),
      fix: expect.stringMatching(/proxy/),
    });
  });

  it("a public URL nobody answers fails both the reachability and the webhook self-test", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const checks = await doctor({ PORTAL_URL: url });
    expect(checks["public-url"]).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/could not be reached/),
    });
    expect(checks["webhook-refuses-unsigned"]!.status).toBe("fail");
  });

  it("a migration of this build not applied to the database fails the database check", async () => {
    await getDb()
      .$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`;
    try {
      expect((await doctor()).database).toMatchObject({ status: "fail", fix: expect.stringMatching(/db:deploy/) });
    } finally {
      await getDb().$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = NULL`;
    }
  });
});
