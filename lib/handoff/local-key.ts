import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Local mode's hand-off signing key, like its session secret (scripts/start/local-secret.ts): generated once
 * into the data folder, owner-only, and reused, so that `npm start` hands off with nothing configured and
 * tokens keep verifying across restarts. Never used in production, which refuses to start without its own.
 */
export const LOCAL_HANDOFF_KEY_FILE = path.join(".data", "handoff-signing-key.pem");

/** A new EC P-256 private key, PKCS#8 PEM. */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/**
 * The key in `file`, created when missing. Written to a temporary file and linked into place, so that two
 * processes starting at once agree on one key and never read half a file.
 */
export function ensureLocalSigningKey(file = LOCAL_HANDOFF_KEY_FILE): { file: string; created: boolean } {
  if (fs.existsSync(file)) return { file, created: false };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, generateSigningKeyPem(), { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
    return { file, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return { file, created: false };
    throw e;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
