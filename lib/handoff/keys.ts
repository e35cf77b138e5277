import "server-only";
import fs from "node:fs";
import { createPublicKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import { getEnv } from "@/lib/env";
import { ensureLocalSigningKey } from "./local-key";
import { parseSigningKeys } from "./pem";

/** One signing key: its private half (never leaves this module's callers) and what is published of it. */
export type SigningKey = { kid: string; privateKey: KeyObject; publicJwk: JWK };
/** The configured keys: the first signs, all are published (a rotation keeps the previous one for a while). */
export type KeyRing = { active: SigningKey; keys: SigningKey[] };

/**
 * Builds a key ring from private keys. `kid` is the RFC 7638 thumbprint of the public key: the same on every
 * instance without configuring it, and it changes whenever the key does.
 */
export async function keyRingOf(privateKeys: KeyObject[]): Promise<KeyRing> {
  const keys = await Promise.all(
    privateKeys.map(async (privateKey) => {
      // Exported from the public half: the private scalar `d` cannot end up in the JWKS.
      const { kty, crv, x, y } = await exportJWK(createPublicKey(privateKey));
      const kid = await calculateJwkThumbprint({ kty, crv, x, y }, "sha256");
      return { kid, privateKey, publicJwk: { kty, crv, x, y, kid, alg: "ES256", use: "sig" } };
    }),
  );
  const [active] = keys;
  if (!active) throw new Error("A hand-off key ring needs at least one key.");
  return { active, keys };
}

/** The JSON Web Key Set the app verifies with: public parts only. */
export const jwksOf = (ring: KeyRing | undefined): { keys: JWK[] } => ({
  keys: ring?.keys.map((k) => k.publicJwk) ?? [],
});

/** The configured key text: the variable, the file, or (local mode only) the key generated into .data/. */
function configuredPem(): string | undefined {
  const env = getEnv();
  if (env.handoff.signingKeyPem) return env.handoff.signingKeyPem;
  if (env.handoff.signingKeyFile) return fs.readFileSync(env.handoff.signingKeyFile, "utf8");
  if (env.isProduction) return undefined;
  return fs.readFileSync(ensureLocalSigningKey().file, "utf8");
}

let ring: Promise<KeyRing | undefined> | undefined;

/** The portal's key ring (undefined: production without a key, so no app to hand off to); read once per process. */
export function getKeyRing(): Promise<KeyRing | undefined> {
  ring ??= (async () => {
    const pem = configuredPem();
    if (!pem) return undefined;
    const parsed = parseSigningKeys(pem);
    // The configuration refused a bad key at start; this only guards a file changed since.
    if (!parsed.keys) throw new Error(`The hand-off signing key ${parsed.problem}.`);
    return keyRingOf(parsed.keys);
  })();
  ring.catch(() => (ring = undefined));
  return ring;
}
