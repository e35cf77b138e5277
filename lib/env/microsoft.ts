import fs from "node:fs";
import { z } from "zod";
import { LOCAL_DEFAULTS, MICROSOFT_DEFAULTS } from "./defaults";
import { isLoopbackUrl } from "./net-address";
import { isLocalValue, optionalText, refuse, trimSlashes, whenWellFormed, withPortalMode } from "./shared";
import { isGuid } from "../domain/ids";

/**
 * Microsoft: Entra ID (the landing page's multi-tenant sign-in app) and the Marketplace (the single-tenant
 * fulfillment app and the API it calls). Locally every default is the simulator's.
 */
const variables = withPortalMode.extend({
  /** Microsoft Entra ID host: login.microsoftonline.com, or the simulator locally. */
  ENTRA_AUTHORITY_HOST: z.url().optional(),
  /** Tenant of the landing-page sign-in: `common` lets work, school and personal accounts in. */
  ENTRA_SIGNIN_TENANT: z.string().trim().min(1).default("common"),
  /** Landing-page sign-in app (multi-tenant): application (client) id. */
  ENTRA_SIGNIN_CLIENT_ID: optionalText,
  /** Landing-page sign-in app: client secret. */
  ENTRA_SIGNIN_CLIENT_SECRET: optionalText,
  /** Publisher tenant id (Partner Center, Technical configuration). */
  MARKETPLACE_TENANT_ID: optionalText,
  /** Fulfillment app (single-tenant) client id, as entered in Partner Center. */
  MARKETPLACE_CLIENT_ID: optionalText,
  /** Fulfillment app client secret. */
  MARKETPLACE_CLIENT_SECRET: optionalText,
  /**
   * When the client secret expires, as Entra shows it (App registrations → Certificates & secrets): a date,
   * or a date and time with its offset. No token reveals it, so only this setting lets the setup doctor warn.
   */
  MARKETPLACE_CLIENT_SECRET_EXPIRES_AT: z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: "must be a date such as 2027-03-31, or a date and time with its offset (2027-03-31T12:00:00Z)",
    })
    .transform((value) => new Date(value))
    .optional(),
  /** Instead of the secret: path of a PEM file with the fulfillment app's certificate and private key. */
  MARKETPLACE_CLIENT_CERTIFICATE: optionalText,
  /** Base URL of the Fulfillment and Metering APIs. */
  MARKETPLACE_API_URL: z.url().optional(),
  /** Time allowed for one call to Microsoft (Entra or the API), per attempt. */
  MARKETPLACE_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** Attempts per call, the first included (429, 5xx, timeouts and network errors are retried). */
  MARKETPLACE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  /** Time allowed for a call to Microsoft with all its retries. */
  MARKETPLACE_DEADLINE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
});
type Variables = z.output<typeof variables>;

/** The publisher's tenant, also the default of ADMIN_TENANT_ID (admin.ts). */
export const publisherTenantId = (v: Pick<Variables, "PORTAL_MODE" | "MARKETPLACE_TENANT_ID">): string =>
  v.MARKETPLACE_TENANT_ID ?? (v.PORTAL_MODE === "local" ? LOCAL_DEFAULTS.publisherTenantId : "");

/** For sections that read the publisher's tenant too (one definition, documented above). */
export const { MARKETPLACE_TENANT_ID } = variables.shape;

function toMicrosoft(v: Variables) {
  const local = v.PORTAL_MODE === "local";
  const d = local ? LOCAL_DEFAULTS : MICROSOFT_DEFAULTS;
  return {
    entra: {
      authorityHost: trimSlashes(v.ENTRA_AUTHORITY_HOST ?? d.authorityHost),
      signinTenant: v.ENTRA_SIGNIN_TENANT,
      signinClientId: v.ENTRA_SIGNIN_CLIENT_ID ?? (local ? LOCAL_DEFAULTS.signinClientId : ""),
      signinClientSecret: v.ENTRA_SIGNIN_CLIENT_SECRET ?? (local ? LOCAL_DEFAULTS.signinClientSecret : ""),
    },
    marketplace: {
      tenantId: publisherTenantId(v),
      clientId: v.MARKETPLACE_CLIENT_ID ?? (local ? LOCAL_DEFAULTS.fulfillmentClientId : ""),
      clientSecret:
        v.MARKETPLACE_CLIENT_SECRET ??
        (local && !v.MARKETPLACE_CLIENT_CERTIFICATE ? LOCAL_DEFAULTS.fulfillmentClientSecret : ""),
      /** When the client secret expires, if the operator said so (MARKETPLACE_CLIENT_SECRET_EXPIRES_AT). */
      clientSecretExpiresAt: v.MARKETPLACE_CLIENT_SECRET_EXPIRES_AT,
      /** Path of a PEM with certificate and private key; used instead of the secret when set. */
      clientCertificatePath: v.MARKETPLACE_CLIENT_CERTIFICATE,
      apiUrl: trimSlashes(v.MARKETPLACE_API_URL ?? d.apiUrl),
      timeoutMs: v.MARKETPLACE_TIMEOUT_MS,
      maxAttempts: v.MARKETPLACE_MAX_ATTEMPTS,
      deadlineMs: v.MARKETPLACE_DEADLINE_MS,
    },
  };
}

/** Production needs the real app registrations, on Microsoft's endpoints. */
function refusals(v: Variables): string[] {
  if (v.PORTAL_MODE !== "production") return [];
  const { entra, marketplace } = toMicrosoft(v);
  const p: string[] = [];
  const required: [string, string][] = [
    ["ENTRA_SIGNIN_CLIENT_ID", entra.signinClientId],
    ["ENTRA_SIGNIN_CLIENT_SECRET", entra.signinClientSecret],
    ["MARKETPLACE_TENANT_ID", marketplace.tenantId],
    ["MARKETPLACE_CLIENT_ID", marketplace.clientId],
    ...(marketplace.clientCertificatePath
      ? []
      : ([["MARKETPLACE_CLIENT_SECRET", marketplace.clientSecret]] as [string, string][])),
  ];
  for (const [name, value] of required) {
    if (!value)
      p.push(
        name === "MARKETPLACE_CLIENT_SECRET"
          ? "MARKETPLACE_CLIENT_SECRET (or MARKETPLACE_CLIENT_CERTIFICATE) is required in production."
          : `${name} is required in production.`,
      );
    else if (isLocalValue(value)) p.push(`${name} is the simulator's local value: use your Entra app registration's.`);
    else if (name.endsWith("_ID") && !isGuid(value))
      p.push(
        `${name} must be a GUID (Entra shows it as the "Directory (tenant) ID" or "Application (client) ID"); it is ${value}.`,
      );
  }
  if (marketplace.clientCertificatePath && !fs.existsSync(marketplace.clientCertificatePath)) {
    p.push(`MARKETPLACE_CLIENT_CERTIFICATE names a file that does not exist: ${marketplace.clientCertificatePath}.`);
  }
  // Tokens and client secrets travel to these: never in clear text, never to this machine.
  for (const [name, url, what] of [
    ["ENTRA_AUTHORITY_HOST", entra.authorityHost, "Microsoft Entra ID"],
    ["MARKETPLACE_API_URL", marketplace.apiUrl, "Microsoft's API"],
  ] as const) {
    if (!url.startsWith("https://"))
      p.push(
        `${name} must be an https:// URL (client secrets and tokens are sent to it); it is ${url}. Unset it to use ${what}.`,
      );
    else if (isLoopbackUrl(url)) p.push(`${name} points at the local simulator (${url}): unset it to use ${what}.`);
  }
  return p;
}

export const ZMicrosoftSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform(toMicrosoft);
