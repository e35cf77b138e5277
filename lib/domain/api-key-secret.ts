import { createHash, randomBytes } from "node:crypto";

/** Making a key of the integration API and hashing it (the format: lib/domain/api-keys.ts). */

/** A new key: the whole secret (shown once), its prefix and the hash that is stored. */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = `mkp_${randomBytes(6).toString("hex")}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

/**
 * What is stored of a key: its SHA-256, hex. A fast hash is right here, unlike for passwords: the secret
 * is 256 random bits, so nobody can try guesses against a stolen hash (slow hashes such as bcrypt or
 * argon2 exist to protect secrets that people chose, with little entropy); and it lets every call find
 * its key with one unique-index lookup for a microsecond of CPU, where a slow hash per call would hand
 * anyone who sends keys a way to burn the server's CPU.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}
