// The Entra (AADSTS) errors the stand-in answers with: HTTP status, OAuth error, code and Entra's wording.
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type AadError = { status: ContentfulStatusCode; error: string; code: number; description: string };

const aad = (status: ContentfulStatusCode, error: string, code: number, description: string): AadError => ({
  status,
  error,
  code,
  description,
});

export const AADSTS = {
  /** Discovery documents answer "invalid_tenant", the token endpoint "invalid_request". */
  tenantNotFound: (tenant: string, error: "invalid_tenant" | "invalid_request" = "invalid_request") =>
    aad(
      400,
      error,
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    ),
  missingParameter: (name: string) =>
    aad(400, "invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`),
  unknownClient: (clientId: string, tenant: string) =>
    aad(
      401,
      "invalid_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    ),
  missingSecret: () =>
    aad(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  wrongSecret: (clientId: string) =>
    aad(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  resourceParameterOnV2: () =>
    aad(400, "invalid_request", 901002, "The 'resource' request parameter is not supported."),
  scopeWithoutDefault: (scope: string) =>
    aad(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  appTokenFromAlias: () =>
    aad(
      400,
      "invalid_request",
      90009,
      "Application is requesting a token for itself from a multi-tenant endpoint; use a tenant-specific endpoint.",
    ),
  appNotInTenant: (clientId: string, tenant: string) =>
    aad(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
    ),
  unknownResource: (resource: string, tenantName: string) =>
    aad(
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    ),
  invalidCode: () => aad(400, "invalid_grant", 70000, "The provided value for the 'code' parameter is not valid."),
  codeRedeemed: () =>
    aad(
      400,
      "invalid_grant",
      54005,
      "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
    ),
  codeExpired: () =>
    aad(
      400,
      "invalid_grant",
      70008,
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    ),
  replyAddressMismatch: () =>
    aad(
      400,
      "invalid_grant",
      500112,
      "The reply address does not match the reply address provided when requesting the authorization code.",
    ),
  pkceMismatch: () =>
    aad(
      400,
      "invalid_grant",
      501481,
      "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
    ),
  unsupportedGrant: (grant: string) =>
    aad(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`),
} as const;
