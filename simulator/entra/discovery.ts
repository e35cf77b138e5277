// OpenID discovery documents and JWKS, per tenant in the path like login.microsoftonline.com.
import { Hono, type Context } from "hono";
import type { SimContext } from "../context";
import { AADSTS } from "./aadsts";
import { entraError } from "./errors";
import { parseTenantPath, type TenantPath } from "./users";

/**
 * Entra's v2 discovery document. For common/organizations/consumers the issuer is literally
 * ".../{tenantid}/v2.0", as Entra's own document says; clients substitute the token's tid.
 * Browser-facing endpoints (authorize, logout) point at the http port.
 */
export function discoveryDocument(ctx: SimContext, segment: string, path: TenantPath): Record<string, unknown> {
  const https = ctx.urls.https;
  const http = ctx.urls.http;
  const tenant = path.kind === "tenant" ? path.tenantId : segment.toLowerCase();
  const issuerTenant = path.kind === "tenant" ? path.tenantId : "{tenantid}";
  return {
    token_endpoint: `${https}/${tenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    jwks_uri: `${https}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256", "plain"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${https}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${https}/oidc/userinfo`,
    authorization_endpoint: `${http}/${tenant}/oauth2/v2.0/authorize`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${http}/${tenant}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "email",
      "oid",
      "roles",
    ],
    tenant_region_scope: path.kind === "tenant" ? "EU" : null,
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
}

function tenantOr400(ctx: SimContext, c: Context): TenantPath | Response {
  const segment = c.req.param("tenant") ?? "";
  const path = parseTenantPath(ctx, segment);
  if (path) return path;
  return entraError(c, ctx.urls.https, AADSTS.tenantNotFound(segment, "invalid_tenant"));
}

export function discoveryRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const document = (c: Context): Response => {
    const path = tenantOr400(ctx, c);
    if (path instanceof Response) return path;
    return c.json(discoveryDocument(ctx, c.req.param("tenant") ?? "", path));
  };
  // GET /{tenant}/v2.0/.well-known/openid-configuration
  app.get("/:tenant/v2.0/.well-known/openid-configuration", document);
  // GET /{tenant}/.well-known/openid-configuration – Entra serves its v1 document here, but MSAL's OIDC
  // protocol mode asks this URL for authority https://host/{tenant}; the v2 document keeps MSAL on v2.
  app.get("/:tenant/.well-known/openid-configuration", document);

  // GET /{tenant}/discovery/v2.0/keys and the v1 /{tenant}/discovery/keys
  app.get("/:tenant/discovery/v2.0/keys", (c) => {
    const path = tenantOr400(ctx, c);
    if (path instanceof Response) return path;
    const issuerTenant = path.kind === "tenant" ? path.tenantId : "{tenantid}";
    return c.json({ keys: ctx.keys.publishedKeys(`${ctx.urls.https}/${issuerTenant}/v2.0`) });
  });
  app.get("/:tenant/discovery/keys", (c) => {
    const path = tenantOr400(ctx, c);
    if (path instanceof Response) return path;
    return c.json({ keys: ctx.keys.publishedKeys() });
  });

  // GET /common/discovery/instance – MSAL instance discovery, answered for completeness.
  app.get("/common/discovery/instance", (c) => {
    const host = new URL(ctx.urls.https).host;
    return c.json({
      tenant_discovery_endpoint: `${ctx.urls.https}/common/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });
  return app;
}
