// State file, restart, certificate generation and settings validation.
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureCertificate } from "../core/tls";
import { loadSettings, unknownSimVariables } from "../settings";
import { startHarness } from "./harness";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "sim-persist-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("state file", () => {
  it("survives a restart: subscriptions, pending work and signing keys (issued tokens stay valid)", async () => {
    const stateFile = path.join(dir, "state.json");
    const first = await startHarness({ stateFile, operationDelayMs: 300 });
    const id = await first.subscribed({ personaId: "alice", offerId: "fabrikam-cloud", planId: "basic" });
    const token = await first.token();
    expect((await first.api("PATCH", `/saas/subscriptions/${id}`, { body: { planId: "metered" } })).status).toBe(202);
    await first.stop();
    const saved = JSON.parse(await readFile(stateFile, "utf8")) as { version: number; subscriptions: unknown[] };
    expect(saved.version).toBe(1);
    expect(saved.subscriptions).toHaveLength(1);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    // Same ports: token issuers carry the https origin, as tokens from login.microsoftonline.com carry its host.
    const second = await startHarness({
      stateFile,
      httpsPort: Number(new URL(first.sim.httpsUrl).port),
      httpPort: Number(new URL(first.sim.httpUrl).port),
    });
    try {
      expect((await second.api("GET", `/saas/subscriptions/${id}`, { token })).status).toBe(200);
      const deadline = Date.now() + 3_000;
      let planId = "";
      while (Date.now() < deadline && planId !== "metered") {
        planId = (await second.api("GET", `/saas/subscriptions/${id}`, { token })).json<{ planId: string }>().planId;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(planId).toBe("metered");
    } finally {
      await second.stop();
    }
  });

  it("moves an unreadable state file aside and starts empty", async () => {
    const stateFile = path.join(dir, "broken.json");
    await writeFile(stateFile, "{ not json");
    const sim = await startHarness({ stateFile });
    try {
      expect((await sim.api("GET", "/saas/subscriptions")).text).toBe("");
      expect((await readdir(dir)).some((f) => f.startsWith("broken.json.invalid-"))).toBe(true);
    } finally {
      await sim.stop();
    }
  });
});

describe("certificate", () => {
  it("is generated once for concurrent starters, for localhost and 127.0.0.1, as a CA usable by NODE_EXTRA_CA_CERTS", async () => {
    const certDir = path.join(dir, "certs");
    const [a, b, c] = await Promise.all([
      ensureCertificate(certDir),
      ensureCertificate(certDir),
      ensureCertificate(certDir),
    ]);
    expect(a.cert).toBe(b.cert);
    expect(b.cert).toBe(c.cert);
    expect(a.key).toBe(c.key);
    const x509 = new X509Certificate(a.cert);
    expect(x509.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1");
    expect(x509.ca).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(new Date(x509.validTo).getTime() - Date.now()).toBeGreaterThan(700 * 86_400_000);
    expect((await readdir(certDir)).sort()).toEqual(["localhost-key.pem", "localhost.pem"]);
    expect((await ensureCertificate(certDir)).cert).toBe(a.cert);
  });

  it("replaces a certificate whose key does not match", async () => {
    const certDir = path.join(dir, "mismatch");
    const first = await ensureCertificate(certDir);
    const other = await ensureCertificate(path.join(dir, "other"));
    await writeFile(path.join(certDir, "localhost-key.pem"), other.key);
    const fixed = await ensureCertificate(certDir);
    expect(fixed.cert).not.toBe(first.cert);
    expect(
      new X509Certificate(fixed.cert).checkPrivateKey((await import("node:crypto")).createPrivateKey(fixed.key)),
    ).toBe(true);
  });
});

describe("settings", () => {
  it("has the documented defaults", () => {
    const s = loadSettings({}, "/repo");
    expect(s).toMatchObject({
      httpsPort: 4010,
      httpPort: 4011,
      bindHost: "127.0.0.1",
      certDir: "/repo/.data/certs",
      stateFile: "/repo/.data/simulator/state.json",
      portalUrl: "http://localhost:3000",
      landingUrl: "http://localhost:3000/",
      webhookUrl: "http://localhost:3000/api/webhooks/marketplace",
      webhookTokenVersion: 2,
      ackWindowMs: 10_000,
      listPageSize: 100,
      purchaseTokenTtlMs: 86_400_000,
    });
  });

  it("derives portal URLs, reads overrides and reports every invalid variable", () => {
    const s = loadSettings(
      {
        SIM_PORTAL_URL: "http://127.0.0.1:3100/",
        SIM_STATE_FILE: "memory",
        SIM_WEBHOOK_TOKEN_VERSION: "1",
        SIM_SIGNIN_REDIRECT_URIS: "http://a/cb, http://b/cb",
      },
      "/repo",
    );
    expect(s).toMatchObject({
      portalUrl: "http://127.0.0.1:3100",
      webhookUrl: "http://127.0.0.1:3100/api/webhooks/marketplace",
      stateFile: "memory",
      webhookTokenVersion: 1,
      extraRedirectUris: ["http://a/cb", "http://b/cb"],
    });
    expect(() =>
      loadSettings({ SIM_HTTPS_PORT: "http", SIM_WEBHOOK_TOKEN_VERSION: "3", SIM_PUBLISHER_TENANT_ID: "x" }),
    ).toThrow(
      /SIM_HTTPS_PORT[\s\S]*SIM_PUBLISHER_TENANT_ID[\s\S]*SIM_WEBHOOK_TOKEN_VERSION|SIM_HTTPS_PORT[\s\S]*SIM_WEBHOOK_TOKEN_VERSION[\s\S]*SIM_PUBLISHER_TENANT_ID/,
    );
  });

  it("names unknown SIM_* variables (typos)", () => {
    expect(unknownSimVariables({ SIM_HTTPS_PORT: "1", SIM_ACK_WINDOW: "5", PATH: "/bin" })).toEqual(["SIM_ACK_WINDOW"]);
  });

  it("moves staff personas along when the publisher tenant is overridden", async () => {
    const tenant = "12345678-1234-4234-8234-123456789012";
    const sim = await startHarness({ identityOverrides: { publisherTenantId: tenant } });
    try {
      const catalog = await sim.control<{ personas: Array<{ id: string; tenantId: string }> }>("GET", "/catalog");
      expect(catalog.body.personas.find((p) => p.id === "olivia")?.tenantId).toBe(tenant);
      const doc = await sim.fetch(`${sim.sim.httpsUrl}/${tenant}/v2.0/.well-known/openid-configuration`);
      expect(doc.status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});
