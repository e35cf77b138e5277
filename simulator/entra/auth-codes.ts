// One-time authorization codes (in memory only: a restart simply makes the user sign in again).
import { randomBase64Url } from "../core/ids";
import type { EntraUser } from "./users";

export type AuthCodeGrant = {
  clientId: string;
  redirectUri: string;
  user: EntraUser;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  expiresAt: number;
  redeemed: boolean;
};

export type AuthCodeStore = {
  issue(grant: Omit<AuthCodeGrant, "expiresAt" | "redeemed">): string;
  /** The grant, even when already redeemed or expired, so the caller can answer with the right error. */
  find(code: string): AuthCodeGrant | undefined;
};

const CODE_LIFETIME_MS = 10 * 60_000;

export function createAuthCodeStore(): AuthCodeStore {
  const codes = new Map<string, AuthCodeGrant>();
  return {
    issue(grant) {
      for (const [code, entry] of codes) if (entry.expiresAt < Date.now() - CODE_LIFETIME_MS) codes.delete(code);
      // Entra codes are long opaque strings starting with "0.A" or "1.A".
      const code = `1.A${randomBase64Url(96)}`;
      codes.set(code, { ...grant, expiresAt: Date.now() + CODE_LIFETIME_MS, redeemed: false });
      return code;
    },
    find(code) {
      return codes.get(code);
    },
  };
}
