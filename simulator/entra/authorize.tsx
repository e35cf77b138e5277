/** @jsxImportSource hono/jsx */
// GET/POST /{tenant}/oauth2/v2.0/authorize (code flow, PKCE, state, nonce, query/fragment/form_post),
// GET /{tenant}/oauth2/v2.0/logout and the userinfo endpoint.
import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { SimContext } from "../context";
import { findTenant, personas } from "../domain/catalog";
import { pairwiseSub } from "./tokens";
import { ErrorPage, FormPostPage, SignInPage } from "./sign-in-page";
import {
  findUser,
  mayUseAuthority,
  parseTenantPath,
  userFromPersona,
  userLabel,
  type EntraUser,
  type TenantPath,
} from "./users";

/** Browser cookies of the simulator start with sim_: the portal on localhost shares the cookie jar. */
const SESSION_COOKIE = "sim_session";

const ZAuthorize = z.object({
  client_id: z.string().default(""),
  redirect_uri: z.string().default(""),
  response_type: z.string().default(""),
  scope: z.string().default(""),
  state: z.string().optional(),
  nonce: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
  response_mode: z.string().optional(),
  prompt: z.string().optional(),
  login_hint: z.string().optional(),
});
type AuthorizeRequest = z.infer<typeof ZAuthorize>;

const AUTHORITY_NOTES: Record<TenantPath["kind"], string | undefined> = {
  common: undefined,
  organizations: "Work or school accounts only (personal Microsoft accounts are refused by /organizations).",
  consumers: "Personal Microsoft accounts only (/consumers).",
  tenant: "Only accounts of this tenant can sign in here.",
};

export function authorizeRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const app_ = ctx.seed.signInApp;

  const errorPage = (c: Context, title: string, message: string): Response | Promise<Response> =>
    c.html(<ErrorPage title={title} message={message} />, 400);

  /** Sends the authorization response the way response_mode asks. */
  const respond = (c: Context, req: AuthorizeRequest, fields: Record<string, string>): Response | Promise<Response> => {
    const all: Record<string, string> = { ...fields, ...(req.state !== undefined ? { state: req.state } : {}) };
    const mode = req.response_mode ?? "query";
    if (mode === "form_post") return c.html(<FormPostPage action={req.redirect_uri} fields={all} />);
    const target = new URL(req.redirect_uri);
    const encoded = new URLSearchParams(all).toString();
    if (mode === "fragment") target.hash = encoded;
    else for (const [k, v] of Object.entries(all)) target.searchParams.set(k, v);
    return c.redirect(target.toString(), 302);
  };

  /** Validates the request; returns the error response, or undefined when the sign-in may proceed. */
  const check = (
    c: Context,
    req: AuthorizeRequest,
    tenant: TenantPath | undefined,
  ): Response | Promise<Response> | undefined => {
    if (!tenant)
      return errorPage(
        c,
        "Sorry, but we're having trouble signing you in.",
        `AADSTS90002: Tenant '${c.req.param("tenant")}' not found.`,
      );
    if (req.client_id.toLowerCase() !== app_.clientId) {
      return errorPage(
        c,
        "Sorry, but we're having trouble signing you in.",
        `AADSTS700016: Application with identifier '${req.client_id}' was not found in the directory.`,
      );
    }
    if (!app_.redirectUris.includes(req.redirect_uri)) {
      const registered = app_.redirectUris.join(", ");
      return errorPage(
        c,
        "Sorry, but we're having trouble signing you in.",
        `AADSTS50011: The redirect URI '${req.redirect_uri}' specified in the request does not match the redirect URIs configured for the application '${app_.clientId}'. Registered: ${registered}`,
      );
    }
    if (req.response_type !== "code") {
      return respond(c, req, {
        error: "unsupported_response_type",
        error_description: "AADSTS700054: The simulator implements response_type=code only.",
      });
    }
    if (req.response_mode !== undefined && !["query", "fragment", "form_post"].includes(req.response_mode)) {
      return respond(c, req, {
        error: "invalid_request",
        error_description: `AADSTS900352: Invalid response_mode '${req.response_mode}'.`,
      });
    }
    if (req.code_challenge_method !== undefined && !["S256", "plain"].includes(req.code_challenge_method)) {
      return respond(c, req, {
        error: "invalid_request",
        error_description: "AADSTS501491: Invalid code_challenge_method.",
      });
    }
    return undefined;
  };

  const issueCode = (c: Context, req: AuthorizeRequest, user: EntraUser): Response | Promise<Response> => {
    const code = ctx.authCodes.issue({
      clientId: app_.clientId,
      redirectUri: req.redirect_uri,
      user,
      scope: req.scope,
      ...(req.nonce !== undefined ? { nonce: req.nonce } : {}),
      ...(req.code_challenge
        ? {
            codeChallenge: req.code_challenge,
            codeChallengeMethod: req.code_challenge_method === "S256" ? ("S256" as const) : ("plain" as const),
          }
        : {}),
    });
    setCookie(c, SESSION_COOKIE, user.personaId ?? user.preferredUsername, {
      path: "/",
      httpOnly: true,
      sameSite: "Lax",
    });
    // Personal data stays out of the log: the persona id (or "ad-hoc user") and the tenant say enough.
    ctx.log.info(`sign-in: ${userLabel(user)} (tenant ${user.tenantId})`);
    return respond(c, req, { code });
  };

  const page = (
    c: Context,
    req: AuthorizeRequest,
    tenant: TenantPath,
    error?: string,
  ): Response | Promise<Response> => {
    const params = Object.fromEntries(
      Object.entries(req).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""),
    );
    const allowed = personas(ctx).filter((p) => mayUseAuthority(tenant, userFromPersona(p)));
    const remembered = getCookie(c, SESSION_COOKIE);
    return c.html(
      <SignInPage
        appName={app_.displayName}
        action={c.req.path}
        params={params}
        personas={allowed}
        tenants={ctx.seed.tenants}
        {...(remembered ? { rememberedPersonaId: remembered } : {})}
        {...(req.login_hint ? { loginHint: req.login_hint } : {})}
        {...(AUTHORITY_NOTES[tenant.kind] ? { authorityNote: AUTHORITY_NOTES[tenant.kind] } : {})}
        {...(error ? { error } : {})}
      />,
      error ? 400 : 200,
    );
  };

  // GET /{tenant}/oauth2/v2.0/authorize – shows the sign-in page (or answers prompt=none silently)
  app.get("/:tenant/oauth2/v2.0/authorize", (c) => {
    const req = ZAuthorize.parse(c.req.query());
    const tenant = parseTenantPath(ctx, c.req.param("tenant"));
    const problem = check(c, req, tenant);
    if (problem || !tenant) return problem ?? errorPage(c, "Error", "Unknown tenant");
    if (req.prompt === "none") {
      const remembered = getCookie(c, SESSION_COOKIE);
      const user = remembered ? findUser(ctx, remembered) : undefined;
      if (!user || !mayUseAuthority(tenant, user)) {
        return respond(c, req, {
          error: "login_required",
          error_description: "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
        });
      }
      return issueCode(c, req, user);
    }
    return page(c, req, tenant);
  });

  // POST /{tenant}/oauth2/v2.0/authorize – the sign-in page's forms
  app.post("/:tenant/oauth2/v2.0/authorize", async (c) => {
    const form = await c.req.parseBody();
    const fields = Object.fromEntries(
      Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
    const req = ZAuthorize.parse(fields);
    const tenant = parseTenantPath(ctx, c.req.param("tenant"));
    const problem = check(c, req, tenant);
    if (problem || !tenant) return problem ?? errorPage(c, "Error", "Unknown tenant");
    if (fields.cancel)
      return respond(c, req, {
        error: "access_denied",
        error_description: "AADSTS65004: User declined to consent to access the app.",
      });
    const user = fields.persona
      ? findUser(ctx, fields.persona)
      : fields.email
        ? findUser(ctx, fields.email)
        : undefined;
    if (!user) return page(c, req, tenant, "Enter a valid e-mail address or pick an account.");
    if (!mayUseAuthority(tenant, user)) {
      const home = findTenant(ctx, user.tenantId)?.displayName ?? user.tenantId;
      return page(
        c,
        req,
        tenant,
        `AADSTS50020: User account '${user.preferredUsername}' from ${home} cannot sign in through this authority.`,
      );
    }
    return issueCode(c, req, user);
  });

  // GET /{tenant}/oauth2/v2.0/logout – ends the simulated session, back to the portal if it asked
  app.get("/:tenant/oauth2/v2.0/logout", (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    const back = c.req.query("post_logout_redirect_uri");
    const origins = new Set(app_.redirectUris.map((uri) => new URL(uri).origin));
    if (back && URL.canParse(back) && origins.has(new URL(back).origin)) return c.redirect(back, 302);
    return c.html(
      <ErrorPage title="You signed out of your account" message="It's a good idea to close all browser windows." />,
      200,
    );
  });

  // GET|POST /oidc/userinfo – Graph's OIDC userinfo, for the access token the code flow returned
  app.on(["GET", "POST"], "/oidc/userinfo", async (c) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const claims = token ? await ctx.tokens.verifyOwnToken(token) : undefined;
    if (!claims || typeof claims.oid !== "string" || typeof claims.appid !== "string") {
      return c.json(
        { error: { code: "InvalidAuthenticationToken", message: "Access token validation failure." } },
        401,
      );
    }
    const persona = personas(ctx).find((p) => p.oid === claims.oid);
    // Personas decide whether they have an e-mail; ad-hoc users signed in with one (their UPN).
    const email = persona ? persona.email : typeof claims.upn === "string" ? claims.upn : undefined;
    const name = typeof claims.name === "string" ? claims.name : "";
    return c.json({
      sub: pairwiseSub(claims.oid, claims.appid),
      name,
      family_name: name.split(" ").slice(1).join(" "),
      given_name: name.split(" ")[0] ?? "",
      ...(email ? { email } : {}),
    });
  });

  return app;
}
