import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generate } from "selfsigned";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log";
import { parseEnv } from "@/lib/env";
import { MARKETPLACE_RESOURCE_ID } from "@/lib/env/defaults";
import { createDoctorContext, exitCodeFor, runDoctor, type DoctorContextOptions } from "./index";
import { certificateExpiryCheck, clientSecretExpiryCheck } from "./checks/credential-expiry";
import { databaseCheck } from "./checks/database";
import { describeOffers } from "./checks/list-subscriptions";
import { excerpt } from "./checks/public-url";
import { judgeToken, summarizeToken } from "./checks/token";
import { formatReport } from "./format";

// The checks that need no network: configuration, database (its answer given), credential expiry, the
// token's claims, and the report's shape. The checks that talk to Microsoft or the portal are in
// doctor.int.test.ts, against the simulator and local servers.

const NOW = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;
const logger = createLogger({ level: "silent" });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function context(source: Record<string, string>, options: Partial<DoctorContextOptions> = {}) {
  const parsed = parseEnv(source);
  return createDoctorContext({
    config: parsed,
    logger,
    now: () => NOW,
    migrationStatus: async () => ({ reachable: true, applied: 3, pending: [] }),
    ...options,
  });
}

/** A PEM file with a private key and a certificate valid in [notBefore, notAfter]. */
async function certificateFile(notBefore: Date, notAfter: Date): Promise<string> {
  const pems = await generate([{ name: "commonName", value: "doctor-test" }], {
    keySize: 2048,
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
  });
  const file = path.join(tmp, `${notAfter.getTime()}.pem`);
  fs.writeFileSync(file, `${pems.private}\n${pems.cert}`);
  return file;
}

describe("configuration", () => {
  it("fails with every production refusal, skips what needs the configuration, and exits 1", async () => {
    const reports = await runDoctor(context({ PORTAL_MODE: "production" }));
    const configuration = reports.find((r) => r.id === "configuration")!;
    expect(configuration.status).toBe("fail");
    expect(configuration.detail).toMatch(/AUTH_SECRET is required/);
    expect(configuration.detail).toMatch(/MARKETPLACE_TENANT_ID is required in production/);
    expect(configuration.fix).toMatch(/Fix each problem/);
    expect(reports.filter((r) => r.id !== "configuration").map((r) => r.status)).toEqual(Array(8).fill("skip"));
    expect(exitCodeFor(reports)).toBe(1);
  });

  it("passes in local mode", async () => {
    const check = (await runDoctor(context({}))).find((r) => r.id === "configuration")!;
    expect(check).toMatchObject({ status: "pass", detail: expect.stringMatching(/Local mode/) });
  });

  it("refuses a secret expiry that is not a date", () => {
    expect(parseEnv({ MARKETPLACE_CLIENT_SECRET_EXPIRES_AT: "next spring" }).problems).toEqual([
      expect.stringMatching(/^MARKETPLACE_CLIENT_SECRET_EXPIRES_AT: must be a date/),
    ]);
  });
});

describe("database", () => {
  it("fails when the database does not answer, naming what to do for the embedded one and for a server", async () => {
    const down = { migrationStatus: async () => ({ reachable: false as const, reason: "DatabaseNotReachable" }) };
    const embedded = await databaseCheck(context({}, down)).run();
    expect(embedded).toMatchObject({ status: "fail", fix: expect.stringMatching(/npm start/) });
    const server = await databaseCheck(
      context({ DATABASE_URL: "postgresql://u:p@db.example:5432/portal" }, down),
    ).run();
    expect(server.detail).toMatch(/DatabaseNotReachable/);
    expect(server.detail).not.toMatch(/u:p@/); // the URL's password never shows
    expect(server.fix).toMatch(/DATABASE_URL/);
  });

  it("fails naming each pending migration, and passes when none is", async () => {
    const pending = {
      migrationStatus: async () => ({ reachable: true as const, applied: 2, pending: ["20260101_x"] }),
    };
    expect(await databaseCheck(context({}, pending)).run()).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/1 migration\(s\).*20260101_x/),
      fix: expect.stringMatching(/db:deploy/),
    });
    expect((await databaseCheck(context({})).run()).status).toBe("pass");
  });
});

describe("certificate expiry (read from the PEM)", () => {
  it("fails for an expired certificate, warns under 30 days, passes beyond", async () => {
    const cases: [Date, string][] = [
      [new Date(NOW.getTime() - DAY), "fail"],
      [new Date(NOW.getTime() + 10 * DAY), "warn"],
      [new Date(NOW.getTime() + 200 * DAY), "pass"],
    ];
    for (const [notAfter, status] of cases) {
      const file = await certificateFile(new Date(NOW.getTime() - 400 * DAY), notAfter);
      const result = await certificateExpiryCheck(context({ MARKETPLACE_CLIENT_CERTIFICATE: file })).run();
      expect(result.status, `notAfter ${notAfter.toISOString()}`).toBe(status);
      if (status !== "pass") expect(result.fix).toMatch(/new certificate/);
    }
  });

  it("skips with a secret, and fails on a file without a certificate", async () => {
    expect((await certificateExpiryCheck(context({})).run()).status).toBe("skip");
    const file = path.join(tmp, "not-a-cert.pem");
    fs.writeFileSync(file, "hello");
    expect(await certificateExpiryCheck(context({ MARKETPLACE_CLIENT_CERTIFICATE: file })).run()).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/holds no certificate/),
    });
  });
});

describe("client secret expiry (from MARKETPLACE_CLIENT_SECRET_EXPIRES_AT)", () => {
  it("fails once passed, warns under 30 days, passes beyond, skips when unknown", async () => {
    const at = (iso: string) => clientSecretExpiryCheck(context({ MARKETPLACE_CLIENT_SECRET_EXPIRES_AT: iso })).run();
    expect(await at("2026-05-31")).toMatchObject({ status: "fail", fix: expect.stringMatching(/new client secret/) });
    expect(await at("2026-06-20T00:00:00Z")).toMatchObject({ status: "warn", detail: expect.stringMatching(/18 day/) });
    expect((await at("2027-01-01")).status).toBe("pass");
    expect((await clientSecretExpiryCheck(context({})).run()).status).toBe("skip");
  });
});

describe("the token's claims", () => {
  const expected = {
    tenantId: "c0ffee00-0000-4000-8000-000000000001",
    clientId: "c0ffee00-0000-4000-8000-0000000000f1",
  };
  const good = {
    tid: expected.tenantId,
    appid: expected.clientId,
    aud: MARKETPLACE_RESOURCE_ID,
    ver: "1.0",
    oid: "sp",
  };

  it("passes a v1 token (appid) and a v2 token (azp) of the configured app, showing tenant, app and audience", () => {
    const v1 = judgeToken(summarizeToken(good), expected);
    expect(v1.status).toBe("pass");
    expect(v1.detail).toContain(`tenant (tid) ${expected.tenantId}`);
    expect(v1.detail).toContain(`app (appid/azp) ${expected.clientId}`);
    expect(v1.detail).toContain(`audience (aud) ${MARKETPLACE_RESOURCE_ID}`);
    const v2 = judgeToken(summarizeToken({ ...good, appid: undefined, azp: expected.clientId, ver: "2.0" }), expected);
    expect(v2.status).toBe("pass");
  });

  it("fails a token for another audience (the old resource id), tenant or app", () => {
    const wrongAud = judgeToken(summarizeToken({ ...good, aud: "62d94f6c-d599-489b-a797-3e10e42fbe22" }), expected);
    expect(wrongAud).toMatchObject({
      status: "fail",
      fix: expect.stringContaining(`${MARKETPLACE_RESOURCE_ID}/.default`),
    });
    expect(judgeToken(summarizeToken({ ...good, tid: "other" }), expected).fix).toMatch(/MARKETPLACE_TENANT_ID/);
    expect(judgeToken(summarizeToken({ ...good, appid: "other" }), expected).fix).toMatch(/MARKETPLACE_CLIENT_ID/);
  });

  it("warns when the token has no service-principal claim", () => {
    const result = judgeToken(summarizeToken({ ...good, oid: undefined }), expected);
    expect(result).toMatchObject({
      status: "warn",
      fix: expect.stringContaining(`az ad sp create --id ${expected.clientId}`),
    });
  });
});

describe("reporting", () => {
  it("counts offers, most subscriptions first", () => {
    expect(describeOffers(["b", "a", "b", undefined])).toBe("b (2), (no offerId) (1), a (1)");
  });

  it("keeps a proxy's answer short and never echoes a JWT", () => {
    expect(excerpt("  <html>\n nope </html> ")).toBe("<html> nope </html>");
    expect(excerpt("token eyJhbGciOi.eyJzdWIiOi.sig here")).toBe("token [jwt] here");
    expect(excerpt("x".repeat(300))).toHaveLength(121);
  });

  it("prints a mark per check, the fix of what did not pass, and exits 0 on warnings", () => {
    const reports = [
      { id: "a", title: "First", status: "pass" as const, detail: "fine", fix: "unused", durationMs: 1 },
      { id: "b", title: "Second", status: "warn" as const, detail: "soon", fix: "Renew it.", durationMs: 1 },
    ];
    const text = formatReport(reports);
    expect(text).toContain("✓ First   fine");
    expect(text).toContain("! Second  soon");
    expect(text).toContain("→ Renew it.");
    expect(text).not.toContain("unused");
    expect(exitCodeFor(reports)).toBe(0);
  });
});
