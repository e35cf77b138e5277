// Self-signed certificate for https://localhost. MSAL refuses http authorities, so the Entra stand-in needs
// TLS; the portal trusts this certificate through NODE_EXTRA_CA_CERTS=<certDir>/localhost.pem.
import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { generate } from "selfsigned";
import { writeFileAtomic } from "./atomic-file";
import { DAY_MS } from "./clock";

export type TlsFiles = { cert: string; key: string; certPath: string; keyPath: string };

const CERT_FILE = "localhost.pem";
const KEY_FILE = "localhost-key.pem";
const LOCK_FILE = ".localhost.lock";
const STALE_LOCK_MS = 60_000;
const WAIT_LIMIT_MS = 60_000;
const RENEW_BEFORE_MS = 7 * DAY_MS;

async function readValidPair(certPath: string, keyPath: string): Promise<{ cert: string; key: string } | undefined> {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
    const x509 = new X509Certificate(cert);
    const san = x509.subjectAltName ?? "";
    const usable =
      new Date(x509.validTo).getTime() - Date.now() > RENEW_BEFORE_MS &&
      x509.checkPrivateKey(createPrivateKey(key)) &&
      san.includes("DNS:localhost") &&
      san.includes("IP Address:127.0.0.1");
    return usable ? { cert, key } : undefined;
  } catch {
    return undefined;
  }
}

async function generatePair(): Promise<{ cert: string; key: string }> {
  const notBeforeDate = new Date(Date.now() - DAY_MS);
  const pems = await generate(
    [
      { name: "commonName", value: "localhost" },
      { name: "organizationName", value: "Marketplace simulator (local only)" },
    ],
    {
      keyType: "rsa",
      keySize: 2048,
      algorithm: "sha256",
      notBeforeDate,
      notAfterDate: new Date(notBeforeDate.getTime() + 730 * DAY_MS),
      extensions: [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        {
          name: "subjectAltName",
          altNames: [
            { type: 2, value: "localhost" },
            { type: 7, ip: "127.0.0.1" },
          ],
        },
      ],
    },
  );
  return { cert: pems.cert, key: pems.private };
}

async function tryLock(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, "wx");
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // A crashed generator must not block every later start.
    const info = await stat(lockPath).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_LOCK_MS) await rm(lockPath, { force: true });
    return false;
  }
}

/**
 * Returns the certificate in `certDir`, generating it first when missing, expiring or unreadable.
 * Several processes may call this at once with the same directory: a lock file serialises generation
 * and both files are written atomically, so nobody reads a key that belongs to another certificate.
 */
export async function ensureCertificate(certDir: string): Promise<TlsFiles> {
  const certPath = path.join(certDir, CERT_FILE);
  const keyPath = path.join(certDir, KEY_FILE);
  const lockPath = path.join(certDir, LOCK_FILE);
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const existing = await readValidPair(certPath, keyPath);
    if (existing) return { ...existing, certPath, keyPath };
    await mkdir(certDir, { recursive: true });
    if (await tryLock(lockPath)) {
      try {
        const again = await readValidPair(certPath, keyPath);
        if (again) return { ...again, certPath, keyPath };
        const pair = await generatePair();
        await writeFileAtomic(keyPath, pair.key, 0o600);
        await writeFileAtomic(certPath, pair.cert);
        return { ...pair, certPath, keyPath };
      } finally {
        await rm(lockPath, { force: true });
      }
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for the certificate lock ${lockPath}`);
    await sleep(100);
  }
}
