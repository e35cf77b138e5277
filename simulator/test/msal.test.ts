// @azure/msal-node's client-credentials flow against the simulator, in a child process that trusts the
// certificate through NODE_EXTRA_CA_CERTS – the portal's exact setup.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FULFILLMENT, MARKETPLACE, PUBLISHER_TENANT, startHarness, type Harness } from "./harness";

const run = promisify(execFile);
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());

type MsalResult = { ok: boolean; accessToken?: string; tokenType?: string; errorCode?: string; message?: string };

async function msal(secret: string, harness: Harness = h): Promise<MsalResult> {
  const { stdout } = await run(
    process.execPath,
    [path.join(import.meta.dirname, "fixtures", "msal-client-credentials.mjs")],
    {
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: harness.sim.certPath,
        MSAL_AUTHORITY: `${harness.sim.httpsUrl}/${PUBLISHER_TENANT}`,
        MSAL_KNOWN_AUTHORITY: new URL(harness.sim.httpsUrl).host,
        MSAL_CLIENT_ID: FULFILLMENT.id,
        MSAL_CLIENT_SECRET: secret,
        MSAL_SCOPE: `${MARKETPLACE}/.default`,
      },
      timeout: 20_000,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as MsalResult;
}

describe("MSAL ConfidentialClientApplication", () => {
  it("acquires a Marketplace token by client credentials (protocolMode OIDC, knownAuthorities) that the API accepts", async () => {
    const result = await msal(FULFILLMENT.secret);
    expect(result.ok, result.message).toBe(true);
    expect(result.tokenType).toBe("Bearer");
    // MSAL asks the v2 endpoint, and still gets Entra's v1 format for this resource.
    const claims = decodeJwt(result.accessToken ?? "");
    expect(claims).toMatchObject({
      aud: MARKETPLACE,
      tid: PUBLISHER_TENANT,
      appid: FULFILLMENT.id,
      ver: "1.0",
      iss: `https://sts.windows.net/${PUBLISHER_TENANT}/`,
    });
    const res = await h.api("GET", "/saas/subscriptions", { token: result.accessToken ?? "" });
    expect(res.status).toBe(200);
  });

  it("takes a v2-format token just as well (MSAL treats access tokens as opaque)", async () => {
    const v2 = await startHarness({ accessTokenVersion: 2 });
    try {
      const result = await msal(FULFILLMENT.secret, v2);
      expect(result.ok, result.message).toBe(true);
      expect(decodeJwt(result.accessToken ?? "")).toMatchObject({ aud: MARKETPLACE, azp: FULFILLMENT.id, ver: "2.0" });
      expect((await v2.api("GET", "/saas/subscriptions", { token: result.accessToken ?? "" })).status).toBe(200);
    } finally {
      await v2.stop();
    }
  });

  it("surfaces invalid_client for a wrong secret", async () => {
    const result = await msal("wrong-secret");
    expect(result.ok).toBe(false);
    expect(result.errorCode).toBe("invalid_client");
  });
});
