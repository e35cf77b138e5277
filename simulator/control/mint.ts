// POST /_sim/tokens/mint: JWTs with arbitrary claims for the portal's security tests (wrong audience,
// wrong tenant, expired, foreign key, alg "none"…), starting from a realistic preset.
import { decodeJwt, type JWTPayload } from "jose";
import { z } from "zod";
import { MARKETPLACE_RESOURCE_ID } from "../api-types";
import type { SimContext } from "../context";
import { findPersona } from "../domain/catalog";
import { userFromPersona } from "../entra/users";

export const ZMintInput = z.object({
  /** marketplace = Fulfillment/Metering access token, webhook = webhook bearer token, id-token = sign-in ID token. */
  preset: z.enum(["none", "marketplace", "webhook", "id-token"]).default("none"),
  /** id-token preset: whose token (default alice). */
  personaId: z.string().default("alice"),
  /** Claims merged over the preset; a null value removes the claim. */
  claims: z.record(z.string(), z.unknown()).default({}),
  /** Lifetime from now; negative values mint an already expired token. */
  expiresInSeconds: z.number().int().optional(),
  /** Sign with a key the JWKS does not publish (signature check must fail). */
  untrusted: z.boolean().default(false),
  /** alg "none", no signature. */
  unsigned: z.boolean().default(false),
  header: z.record(z.string(), z.string()).default({}),
});

export type MintResult = { token: string; header: Record<string, string>; claims: JWTPayload };

async function presetClaims(ctx: SimContext, input: z.infer<typeof ZMintInput>): Promise<JWTPayload | string> {
  switch (input.preset) {
    case "none":
      return {};
    case "marketplace": {
      const issued = await ctx.tokens.appToken({
        tenantId: ctx.seed.publisher.tenantId,
        clientId: ctx.seed.fulfillmentApp.clientId,
        resource: MARKETPLACE_RESOURCE_ID,
        version: 2,
      });
      return decodeJwt(issued.token);
    }
    case "webhook":
      return decodeJwt(await ctx.tokens.webhookToken());
    case "id-token": {
      const persona = findPersona(ctx, input.personaId);
      if (!persona) return `Unknown persona '${input.personaId}'`;
      return decodeJwt(await ctx.tokens.idToken(userFromPersona(persona), ctx.seed.signInApp.clientId, undefined));
    }
  }
}

export async function mintToken(ctx: SimContext, input: z.infer<typeof ZMintInput>): Promise<MintResult | string> {
  const base = await presetClaims(ctx, input);
  if (typeof base === "string") return base;
  const claims: JWTPayload = { ...base };
  if (input.expiresInSeconds !== undefined) claims.exp = Math.floor(Date.now() / 1000) + input.expiresInSeconds;
  for (const [name, value] of Object.entries(input.claims)) {
    if (value === null) delete claims[name];
    else claims[name] = value;
  }
  if (input.unsigned) {
    const header = { alg: "none", typ: "JWT", ...input.header };
    const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
    return { token: `${part(header)}.${part(claims)}.`, header, claims };
  }
  const key = await ctx.keys.current();
  const token = await ctx.tokens.sign(claims, { untrusted: input.untrusted, header: input.header });
  return { token, header: { typ: "JWT", alg: "RS256", x5t: key.kid, kid: key.kid, ...input.header }, claims };
}
