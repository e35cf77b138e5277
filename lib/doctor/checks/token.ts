import { decodeJwt, type JWTPayload } from "jose";
import { MARKETPLACE_RESOURCE_ID } from "../../env/defaults";
import { TokenAcquisitionError } from "../../marketplace/token";
import type { DoctorContext } from "../context";
import { fail, pass, skip, warn, type CheckResult, type DoctorCheck } from "../types";
import { NEEDS_CONFIGURATION } from "./configuration";

/** What the doctor shows of a Marketplace token: its claims that identify it, never the token itself. */
export type TokenSummary = {
  tenantId: string | undefined;
  appId: string | undefined;
  audience: string | undefined;
  version: string | undefined;
  /** The service principal's object id: Entra puts it in app tokens when the app has one in the tenant. */
  servicePrincipalId: string | undefined;
  expiresAt: Date | undefined;
};

const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

export function summarizeToken(claims: JWTPayload): TokenSummary {
  // v1 tokens name the app in `appid`, v2 tokens in `azp` (the format follows the resource's manifest).
  return {
    tenantId: text(claims.tid),
    appId: text(claims.appid) ?? text(claims.azp),
    audience: Array.isArray(claims.aud) ? claims.aud.join(" ") : text(claims.aud),
    version: text(claims.ver),
    servicePrincipalId: text(claims.oid),
    expiresAt: typeof claims.exp === "number" ? new Date(claims.exp * 1000) : undefined,
  };
}

/** The token's claims against the configuration; exported for unit tests of each pitfall. */
export function judgeToken(summary: TokenSummary, expected: { tenantId: string; clientId: string }): CheckResult {
  const seen = `tenant (tid) ${summary.tenantId ?? "none"}, app (appid/azp) ${summary.appId ?? "none"}, audience (aud) ${summary.audience ?? "none"}, version ${summary.version ?? "?"}`;
  if (summary.audience !== MARKETPLACE_RESOURCE_ID)
    return fail(
      `Entra issued a token, but not for the Marketplace API: ${seen}.`,
      `Request the scope ${MARKETPLACE_RESOURCE_ID}/.default (the Marketplace SaaS API's resource id, not the old 62d94f6c-… one); the portal does unless MARKETPLACE_API_URL or ENTRA_AUTHORITY_HOST point somewhere else.`,
    );
  if (summary.tenantId?.toLowerCase() !== expected.tenantId.toLowerCase())
    return fail(
      `The token is for another tenant than MARKETPLACE_TENANT_ID (${expected.tenantId}): ${seen}.`,
      "Set MARKETPLACE_TENANT_ID to the Directory (tenant) ID of the fulfillment app, as entered in Partner Center's technical configuration.",
    );
  if (summary.appId?.toLowerCase() !== expected.clientId.toLowerCase())
    return fail(
      `The token is for another app than MARKETPLACE_CLIENT_ID (${expected.clientId}): ${seen}.`,
      "Set MARKETPLACE_CLIENT_ID to the Application (client) ID entered in Partner Center's technical configuration.",
    );
  if (!summary.servicePrincipalId)
    return warn(
      `The token has no service-principal claim (oid): ${seen}. Microsoft flags such publishers under certification policy 1000.4.`,
      `Create the app's service principal in the publisher tenant (Entra → Enterprise applications, or \`az ad sp create --id ${expected.clientId}\`).`,
    );
  const expires = summary.expiresAt ? `, expires ${summary.expiresAt.toISOString()}` : "";
  return pass(`A Marketplace token for ${seen}, service principal ${summary.servicePrincipalId}${expires}.`);
}

function explainFailure(error: unknown): CheckResult {
  if (error instanceof TokenAcquisitionError && error.reason === "configuration")
    return fail(
      error.explanation ?? `${error.message} Entra's code: ${error.entraCode ?? "none"}.`,
      error.explanation
        ? "Make this machine trust Entra's certificate chain (a TLS-inspecting proxy needs its CA in NODE_EXTRA_CA_CERTS)."
        : "Check MARKETPLACE_TENANT_ID, MARKETPLACE_CLIENT_ID and the client secret or certificate in Entra (App registrations → Certificates & secrets): a secret may have expired or been copied with its id instead of its value.",
    );
  const message = error instanceof Error ? error.message : "Entra ID could not be reached.";
  return fail(
    message,
    "Check that this machine reaches ENTRA_AUTHORITY_HOST over https (DNS, firewall, outbound proxy), then run the doctor again.",
  );
}

/** A client-credential token from Entra (MSAL, as the portal gets it), and whose token it is. */
export const tokenCheck = (ctx: DoctorContext): DoctorCheck => ({
  id: "marketplace-token",
  title: "Marketplace token",
  async run() {
    const env = ctx.env;
    if (!env) return skip(NEEDS_CONFIGURATION);
    let token: string;
    try {
      token = (await ctx.accessToken()).token;
    } catch (error) {
      return explainFailure(error);
    }
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      return fail(
        "Entra answered with an access token that is not a JWT.",
        "Check that ENTRA_AUTHORITY_HOST is Microsoft Entra ID (https://login.microsoftonline.com).",
      );
    }
    return judgeToken(summarizeToken(claims), {
      tenantId: env.marketplace.tenantId,
      clientId: env.marketplace.clientId,
    });
  },
});
