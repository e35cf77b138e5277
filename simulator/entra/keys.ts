// RS256 signing keys of the Entra stand-in. Like Entra, each key comes with a certificate (x5c) and its
// kid is the certificate thumbprint (x5t). A rotated-out key stays in the JWKS for a grace period so
// tokens it signed keep verifying while relying parties refresh their key cache.
import { X509Certificate, createHash } from "node:crypto";
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importJWK, type JWK, type CryptoKey } from "jose";
import { generate } from "selfsigned";

export type StoredKey = {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  /** Base64 DER of the key's self-signed certificate (JWKS x5c). */
  x5c: string;
  createdAt: number;
  retiredAt?: number;
};

export type SigningKey = { kid: string; privateKey: CryptoKey };

export type JwksKey = JWK & { kid: string; x5t: string; x5c: string[]; use: "sig"; issuer?: string };

export async function createStoredKey(): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const pems = await generate([{ name: "commonName", value: "accounts.accesscontrol.windows.net (simulator)" }], {
    algorithm: "sha256",
    keyPair: { privateKey: await exportPKCS8(privateKey), publicKey: await exportSPKI(publicKey) },
    notAfterDate: new Date(Date.now() + 5 * 365 * 86_400_000),
  });
  const der = new X509Certificate(pems.cert).raw;
  const kid = createHash("sha1").update(der).digest("base64url");
  return {
    kid,
    privateJwk: await exportJWK(privateKey),
    publicJwk: await exportJWK(publicKey),
    x5c: der.toString("base64"),
    createdAt: Date.now(),
  };
}

export type KeyStore = {
  current(): Promise<SigningKey>;
  /** Adds a new signing key; the previous one is retired but published until its grace period ends. */
  rotate(): Promise<StoredKey>;
  /** Keys relying parties may use: the current one and retired ones still within the grace period. */
  publishedKeys(issuer?: string): JwksKey[];
  summary(): Array<{ kid: string; createdAt: string; retiredAt?: string; published: boolean }>;
};

/** `keys` is the persisted array itself (mutated in place); `changed` persists it. */
export function createKeyStore(keys: StoredKey[], graceMs: number, changed: () => void): KeyStore {
  const imported = new Map<string, Promise<CryptoKey>>();
  const isPublished = (key: StoredKey): boolean => key.retiredAt === undefined || Date.now() - key.retiredAt < graceMs;
  const newest = (): StoredKey => {
    const key = keys.at(-1);
    if (!key) throw new Error("No signing key");
    return key;
  };
  return {
    async current() {
      const key = newest();
      let privateKey = imported.get(key.kid);
      if (!privateKey) {
        privateKey = importJWK(key.privateJwk, "RS256") as Promise<CryptoKey>;
        imported.set(key.kid, privateKey);
      }
      return { kid: key.kid, privateKey: await privateKey };
    },
    async rotate() {
      const previous = keys.at(-1);
      const next = await createStoredKey();
      if (previous) previous.retiredAt = Date.now();
      keys.push(next);
      // Keys past their grace period are gone for good, as on Entra.
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        if (key && !isPublished(key)) keys.splice(i, 1);
      }
      changed();
      return next;
    },
    publishedKeys(issuer) {
      return keys.filter(isPublished).map((key) => ({
        kty: key.publicJwk.kty,
        use: "sig" as const,
        kid: key.kid,
        x5t: key.kid,
        n: key.publicJwk.n,
        e: key.publicJwk.e,
        x5c: [key.x5c],
        ...(issuer ? { issuer } : {}),
      }));
    },
    summary() {
      return keys.map((key) => ({
        kid: key.kid,
        createdAt: new Date(key.createdAt).toISOString(),
        ...(key.retiredAt ? { retiredAt: new Date(key.retiredAt).toISOString() } : {}),
        published: isPublished(key),
      }));
    },
  };
}
