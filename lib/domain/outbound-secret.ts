import { randomBytes } from "node:crypto";

/**
 * An endpoint's signing secret in Standard Webhooks' format: `whsec_` and the base64 of 32 random bytes
 * (what the standardwebhooks libraries of every language take as they are).
 */
export function generateEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
