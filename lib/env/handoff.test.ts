import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateSigningKeyPem } from "../handoff/local-key";
import { parseEnv } from "./index";

const production = {
  PORTAL_MODE: "production",
  PORTAL_URL: "https://portal.fabrikam.example",
  AUTH_SECRET: "x".repeat(48),
  DATABASE_URL: "postgresql://portal:pw@db.internal:5432/portal",
  ENTRA_SIGNIN_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
  ENTRA_SIGNIN_CLIENT_SECRET: "signin-secret-from-entra",
  MARKETPLACE_TENANT_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  MARKETPLACE_CLIENT_ID: "99999999-8888-7777-6666-555555555555",
  MARKETPLACE_CLIENT_SECRET: "fulfillment-secret-from-entra",
};
const app = { SAAS_APP_URL_TEMPLATE: "https://app.fabrikam.example/start?subscription={subscriptionId}" };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-env-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the hand-off's settings", () => {
  it("default to a five-minute token and no configured key (local mode generates one)", () => {
    expect(parseEnv({}).env?.handoff).toEqual({
      signingKeyPem: undefined,
      signingKeyFile: undefined,
      tokenTtlSeconds: 300,
    });
  });

  it("refuse production with an app URL and no key (the app would get an unsigned id)", () => {
    expect(parseEnv(production).problems).toEqual([]);
    expect(parseEnv({ ...production, ...app }).problems).toEqual([
      expect.stringMatching(/^HANDOFF_SIGNING_KEY or HANDOFF_SIGNING_KEY_FILE is required in production/),
    ]);
    expect(parseEnv({ ...production, ...app, HANDOFF_SIGNING_KEY: generateSigningKeyPem() }).problems).toEqual([]);
  });

  it("take the key from a file, and refuse a missing file, an unusable key or both sources, never quoting the key", () => {
    const file = path.join(dir, "key.pem");
    fs.writeFileSync(file, generateSigningKeyPem());
    expect(parseEnv({ ...production, ...app, HANDOFF_SIGNING_KEY_FILE: file }).env?.handoff.signingKeyFile).toBe(file);
    expect(parseEnv({ HANDOFF_SIGNING_KEY_FILE: path.join(dir, "none.pem") }).problems).toEqual([
      `HANDOFF_SIGNING_KEY_FILE names a file that does not exist: ${path.join(dir, "none.pem")}.`,
    ]);
    const secretLooking = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----";
    const [problem] = parseEnv({ HANDOFF_SIGNING_KEY: secretLooking }).problems;
    expect(problem).toMatch(/^HANDOFF_SIGNING_KEY key 1 is not a readable PEM private key: generate one with/);
    expect(problem).not.toContain("c2VjcmV0");
    expect(parseEnv({ HANDOFF_SIGNING_KEY: generateSigningKeyPem(), HANDOFF_SIGNING_KEY_FILE: file }).problems).toEqual(
      ["HANDOFF_SIGNING_KEY and HANDOFF_SIGNING_KEY_FILE are both set: set one."],
    );
  });

  it("bound the token's lifetime", () => {
    expect(parseEnv({ HANDOFF_TOKEN_TTL_SECONDS: "60" }).env?.handoff.tokenTtlSeconds).toBe(60);
    expect(parseEnv({ HANDOFF_TOKEN_TTL_SECONDS: "5" }).problems.join()).toMatch(/HANDOFF_TOKEN_TTL_SECONDS/);
    expect(parseEnv({ HANDOFF_TOKEN_TTL_SECONDS: "86400" }).problems.join()).toMatch(/HANDOFF_TOKEN_TTL_SECONDS/);
  });
});
