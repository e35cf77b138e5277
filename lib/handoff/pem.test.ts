import { generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureLocalSigningKey, generateSigningKeyPem } from "./local-key";
import { parseSigningKeys } from "./pem";

const pkcs8 = ({ privateKey }: { privateKey: KeyObject }) =>
  privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const rsaPem = () => pkcs8(generateKeyPairSync("rsa", { modulusLength: 2048 }));
const p384Pem = () => pkcs8(generateKeyPairSync("ec", { namedCurve: "P-384" }));

describe("the configured signing keys", () => {
  it("reads one or several P-256 keys, in order, PKCS#8 or SEC1, with literal \\n as one-line variables hold them", () => {
    const [a, b] = [generateSigningKeyPem(), generateSigningKeyPem()];
    expect(parseSigningKeys(`${a}\n${b}`).keys).toHaveLength(2);
    const sec1 = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ type: "sec1", format: "pem" })
      .toString();
    expect(parseSigningKeys(sec1).keys).toHaveLength(1);
    expect(parseSigningKeys(a.trim().replaceAll("\n", "\\n")).keys).toHaveLength(1);
  });

  it("refuses what ES256 cannot sign with, without quoting the key", () => {
    expect(parseSigningKeys("not a key").problem).toMatch(/no PEM private key/);
    expect(parseSigningKeys(rsaPem()).problem).toBe("key 1 is not an EC P-256 key (ES256 needs one)");
    expect(parseSigningKeys(`${generateSigningKeyPem()}${p384Pem()}`).problem).toMatch(/^key 2 /);
    const broken = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
    expect(parseSigningKeys(broken).problem).toBe("key 1 is not a readable PEM private key");
  });
});

describe("the local key npm start uses", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("is generated once into the data folder, owner-only, and reused", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-key-"));
    dirs.push(dir);
    const file = path.join(dir, ".data", "handoff-signing-key.pem");
    expect(ensureLocalSigningKey(file)).toEqual({ file, created: true });
    const pem = fs.readFileSync(file, "utf8");
    expect(parseSigningKeys(pem).keys).toHaveLength(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureLocalSigningKey(file)).toEqual({ file, created: false });
    expect(fs.readFileSync(file, "utf8")).toBe(pem);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["handoff-signing-key.pem"]);
  });
});
