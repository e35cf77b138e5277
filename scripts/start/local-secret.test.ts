import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LOCAL_DEFAULTS } from "../../lib/env/defaults";
import { parseEnv } from "../../lib/env";
import { localAuthSecret } from "./local-secret";

const dirs: string[] = [];
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-secret-"));
  dirs.push(dir);
  return path.join(dir, ".data", "auth-secret");
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("the local session secret npm start uses", () => {
  it("is generated once, random, readable by its owner only, and reused on the next start", () => {
    const file = tempFile();
    const first = localAuthSecret(file);
    expect(first.created).toBe(true);
    expect(first.secret).not.toBe(LOCAL_DEFAULTS.authSecret);
    expect(first.secret.length).toBeGreaterThanOrEqual(64);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(localAuthSecret(file)).toEqual({ secret: first.secret, created: false });
    expect(localAuthSecret(tempFile()).secret).not.toBe(first.secret);
  });

  it("replaces an unusable (truncated) file", () => {
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "short\n");
    expect(localAuthSecret(file)).toMatchObject({ created: true });
  });

  it("lets local mode listen on every interface, which the published value does not", () => {
    expect(parseEnv({ HOST: "0.0.0.0", AUTH_SECRET: localAuthSecret(tempFile()).secret }).problems).toEqual([]);
    expect(parseEnv({ HOST: "0.0.0.0" }).problems).toHaveLength(1);
  });
});
