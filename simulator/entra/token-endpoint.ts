// POST /{tenant}/oauth2/v2.0/token and the v1 POST /{tenant}/oauth2/token.
// Grants: client_credentials (the Marketplace resource) and authorization_code with PKCE (sign-in app).
import { createHash, timingSafeEqual } from "node:crypto";
import { Hono, type Context } from "hono";
import { MARKETPLACE_RESOURCE_ID } from "../api-types";
import type { SimContext } from "../context";
import { applyEndpointFault } from "../control/apply-fault";
import type { AppRegistration } from "../seed/load-seed";
import { AADSTS, type AadError } from "./aadsts";
import { entraError } from "./errors";
import { parseTenantPath, type TenantPath } from "./users";

type Form = Record<string, string>;
type Request = { c: Context; form: Form; app: AppRegistration; tenant: TenantPath; segment: string; version: 1 | 2 };

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual needs.
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}

async function readForm(c: Context): Promise<Form> {
  const form: Form = {};
  if (!(c.req.header("content-type") ?? "").includes("application/x-www-form-urlencoded")) return form;
  for (const [key, value] of new URLSearchParams(await c.req.text())) form[key] = value;
  return form;
}

/** client_secret_basic (Authorization: Basic) or client_secret_post (form fields). */
function authenticateClient(ctx: SimContext, c: Context, form: Form, tenantName: string): AppRegistration | AadError {
  let clientId = form.client_id;
  let secret = form.client_secret;
  const basic = /^Basic\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    clientId = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  if (!clientId) return AADSTS.missingParameter("client_id");
  const app = [ctx.seed.fulfillmentApp, ctx.seed.signInApp].find((a) => a.clientId === clientId.toLowerCase());
  if (!app) return AADSTS.unknownClient(clientId, tenantName);
  if (!secret) return AADSTS.missingSecret();
  if (!sameSecret(secret, app.clientSecret)) return AADSTS.wrongSecret(app.clientId);
  return app;
}

async function clientCredentials(ctx: SimContext, r: Request): Promise<Response> {
  const { c, form, version } = r;
  let resource: string | undefined;
  if (version === 2) {
    // Pitfall: v2 takes scope=<resource>/.default; resource= is a v1 parameter.
    if (form.resource !== undefined) return entraError(c, ctx.urls.https, AADSTS.resourceParameterOnV2());
    const scope = (form.scope ?? "").trim();
    if (!scope) return entraError(c, ctx.urls.https, AADSTS.missingParameter("scope"));
    if (!scope.endsWith("/.default") || scope.includes(" "))
      return entraError(c, ctx.urls.https, AADSTS.scopeWithoutDefault(scope));
    resource = scope.slice(0, -"/.default".length);
  } else {
    resource = form.resource;
    if (!resource) return entraError(c, ctx.urls.https, AADSTS.missingParameter("resource"));
  }
  // Both apps are registered in the publisher tenant; app-only tokens come from there only.
  const publisherTenant = ctx.seed.publisher.tenantId;
  if (r.tenant.kind !== "tenant") return entraError(c, ctx.urls.https, AADSTS.appTokenFromAlias());
  if (r.tenant.tenantId !== publisherTenant)
    return entraError(c, ctx.urls.https, AADSTS.appNotInTenant(r.app.clientId, r.segment));
  if (resource !== MARKETPLACE_RESOURCE_ID)
    return entraError(c, ctx.urls.https, AADSTS.unknownResource(resource, ctx.seed.publisher.displayName));
  // The token's format is the resource's choice (its accessTokenAcceptedVersion), not the endpoint's: Entra
  // issues v1 tokens for the Marketplace API from /oauth2/v2.0/token too. Only the answer's shape differs.
  const issued = await ctx.tokens.appToken({
    tenantId: publisherTenant,
    clientId: r.app.clientId,
    resource,
    version: ctx.settings.accessTokenVersion,
  });
  if (version === 2)
    return c.json({
      token_type: "Bearer",
      expires_in: issued.expiresIn,
      ext_expires_in: issued.expiresIn,
      access_token: issued.token,
    });
  // The v1 endpoint answers numbers as strings.
  return c.json({
    token_type: "Bearer",
    expires_in: String(issued.expiresIn),
    ext_expires_in: String(issued.expiresIn),
    expires_on: String(issued.expiresAt),
    not_before: String(issued.issuedAt),
    resource,
    access_token: issued.token,
  });
}

async function authorizationCode(ctx: SimContext, r: Request): Promise<Response> {
  const { c, form } = r;
  const fail = (e: AadError): Response => entraError(c, ctx.urls.https, e);
  if (!form.code) return fail(AADSTS.missingParameter("code"));
  const grant = ctx.authCodes.find(form.code);
  if (!grant || grant.clientId !== r.app.clientId) return fail(AADSTS.invalidCode());
  if (grant.redeemed) return fail(AADSTS.codeRedeemed());
  if (grant.expiresAt < Date.now()) return fail(AADSTS.codeExpired());
  if (form.redirect_uri !== grant.redirectUri) return fail(AADSTS.replyAddressMismatch());
  if (grant.codeChallenge) {
    const verifier = form.code_verifier ?? "";
    const computed =
      grant.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
    if (!verifier || computed !== grant.codeChallenge) return fail(AADSTS.pkceMismatch());
  }
  grant.redeemed = true;
  const scopes = grant.scope.split(" ").filter(Boolean);
  // Entra returns a Graph token (User.Read) alongside the ID token for a plain OIDC sign-in.
  const graphScope = ["openid", "profile", "email", "User.Read"]
    .filter((s) => s === "User.Read" || scopes.includes(s))
    .join(" ");
  const access = await ctx.tokens.graphToken(grant.user, grant.clientId, graphScope);
  const clientInfo = Buffer.from(JSON.stringify({ uid: grant.user.oid, utid: grant.user.tenantId })).toString(
    "base64url",
  );
  return c.json({
    token_type: "Bearer",
    scope: graphScope.replace("User.Read", "https://graph.microsoft.com/User.Read"),
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.token,
    ...(scopes.includes("openid")
      ? { id_token: await ctx.tokens.idToken(grant.user, grant.clientId, grant.nonce) }
      : {}),
    ...(form.client_info === "1" ? { client_info: clientInfo } : {}),
  });
}

export function tokenRoutes(ctx: SimContext): Hono {
  const app = new Hono();

  const handle = async (c: Context, version: 1 | 2): Promise<Response> => {
    // Read before the fault so that faulted requests count too (Hono caches the body for readForm below).
    if ((await readForm(c)).grant_type === "client_credentials") ctx.calls.count("token");
    const faulted = await applyEndpointFault(ctx, c, "token");
    if (faulted) return faulted;
    c.header("Cache-Control", "no-store, no-cache");
    c.header("Pragma", "no-cache");
    const segment = c.req.param("tenant") ?? "";
    const tenant = parseTenantPath(ctx, segment);
    if (!tenant) return entraError(c, ctx.urls.https, AADSTS.tenantNotFound(segment));
    const form = await readForm(c);
    if (!form.grant_type) return entraError(c, ctx.urls.https, AADSTS.missingParameter("grant_type"));
    const client = authenticateClient(ctx, c, form, segment);
    if ("error" in client) return entraError(c, ctx.urls.https, client);
    const request: Request = { c, form, app: client, tenant, segment, version };
    if (form.grant_type === "client_credentials") return clientCredentials(ctx, request);
    if (form.grant_type === "authorization_code" && version === 2) return authorizationCode(ctx, request);
    return entraError(c, ctx.urls.https, AADSTS.unsupportedGrant(form.grant_type));
  };

  app.post("/:tenant/oauth2/v2.0/token", (c) => handle(c, 2));
  app.post("/:tenant/oauth2/token", (c) => handle(c, 1));
  return app;
}
