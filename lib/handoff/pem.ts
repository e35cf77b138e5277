import { createPrivateKey, type KeyObject } from "node:crypto";

/**
 * The hand-off's signing keys as configured: one or more P-256 private keys in PEM (PKCS#8 `PRIVATE KEY`
 * or SEC1 `EC PRIVATE KEY`, as openssl writes them), concatenated. The first one signs; the others are only
 * published, so that tokens they signed keep verifying during a rotation.
 *
 * Used by the configuration (to refuse a bad key at start) and by lib/handoff/keys.ts. Problems never quote
 * the key: configuration errors are printed and logged.
 */
const PEM_BLOCK = /-----BEGIN ((?:EC )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;

export type ParsedKeys = { keys: KeyObject[]; problem?: undefined } | { keys?: undefined; problem: string };

/** Parses the PEM text (literal `\n` sequences, as some platforms store one-line variables, count as newlines). */
export function parseSigningKeys(text: string): ParsedKeys {
  const pem = text.includes("-----BEGIN") && !text.includes("\n") ? text.replaceAll("\\n", "\n") : text;
  const blocks = [...pem.matchAll(PEM_BLOCK)].map((m) => m[0]);
  if (blocks.length === 0) return { problem: "holds no PEM private key (-----BEGIN PRIVATE KEY-----)" };
  const keys: KeyObject[] = [];
  for (const [index, block] of blocks.entries()) {
    let key: KeyObject;
    try {
      key = createPrivateKey(block);
    } catch {
      return { problem: `key ${index + 1} is not a readable PEM private key` };
    }
    if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
      return { problem: `key ${index + 1} is not an EC P-256 key (ES256 needs one)` };
    }
    keys.push(key);
  }
  return { keys };
}
