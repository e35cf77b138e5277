// Landing-page purchase tokens: opaque and tamper-evident (AES-256-GCM sealed JSON), standard base64.
// Every token contains at least one "+" and one "/" on purpose: they are exactly the characters that break
// when a landing page decodes the query string twice or lets "+" become a space (reference §2).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";

const IV_BYTES = 12;
const TAG_BYTES = 16;

// `rt`: the real time of minting. Marketplace time (`iat`) can be moved backwards by a test; "expire every
// token issued so far" must still mean what was issued before, so that cutoff compares real times.
const ZSealed = z.object({
  sid: z.string(),
  iat: z.number(),
  exp: z.number(),
  n: z.string(),
  rt: z.number().optional(),
});
export type PurchaseTokenPayload = {
  subscriptionId: string;
  issuedAtMs: number;
  expiresAtMs: number;
  /** Real (not Marketplace) time of minting; absent in tokens of an older simulator. */
  issuedAtRealMs?: number;
};

export function newPurchaseTokenKey(): string {
  return randomBytes(32).toString("base64");
}

function sealOnce(key: Buffer, payload: PurchaseTokenPayload): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const plain = JSON.stringify({
    sid: payload.subscriptionId,
    iat: payload.issuedAtMs,
    exp: payload.expiresAtMs,
    n: randomBytes(6).toString("hex"),
    rt: payload.issuedAtRealMs ?? Date.now(),
  });
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
}

export function sealPurchaseToken(key: Buffer, payload: PurchaseTokenPayload): string {
  for (;;) {
    const token = sealOnce(key, payload);
    if (token.includes("+") && token.includes("/")) return token;
  }
}

export type OpenResult = { ok: true; payload: PurchaseTokenPayload } | { ok: false; reason: "malformed" };

/** Decrypts and authenticates the token; expiry is the caller's business (it depends on the clock). */
export function openPurchaseToken(key: Buffer, token: string): OpenResult {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return { ok: false, reason: "malformed" };
  const raw = Buffer.from(token, "base64");
  if (raw.length <= IV_BYTES + TAG_BYTES) return { ok: false, reason: "malformed" };
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
    const sealed = ZSealed.parse(JSON.parse(plain));
    return {
      ok: true,
      payload: {
        subscriptionId: sealed.sid,
        issuedAtMs: sealed.iat,
        expiresAtMs: sealed.exp,
        ...(sealed.rt !== undefined ? { issuedAtRealMs: sealed.rt } : {}),
      },
    };
  } catch {
    return { ok: false, reason: "malformed" };
  }
}
