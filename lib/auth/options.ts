import type { NextAuthOptions } from "next-auth";
import AzureADProvider from "next-auth/providers/azure-ad";
import { redirectTarget } from "@/lib/auth/callback-url";
import { validateIdToken, toEntraClaims } from "@/lib/auth/id-token";
import { upsertSignedInUser } from "@/lib/data/users";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";

/**
 * Sign-in with Microsoft Entra ID (next-auth 4, JWT sessions). Multi-tenant by default: work, school and
 * personal Microsoft accounts. Locally the same provider signs in against the simulator's Entra; only the
 * authority host differs.
 */

type SessionToken = {
  uid?: string;
  oid?: string;
  tid?: string;
  email?: string | null;
  name?: string | null;
  preferredUsername?: string | null;
  appRoles?: string[];
  /** The account's and its tenant's preferred language (validated tags), for lib/i18n/request.ts. */
  pl?: string | null;
  tpl?: string | null;
};

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const env = getEnv();
  const { authorityHost, signinTenant, signinClientId, signinClientSecret } = env.entra;
  options = {
    secret: env.authSecret,
    session: { strategy: "jwt", maxAge: 8 * 3600 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      AzureADProvider({
        clientId: signinClientId,
        clientSecret: signinClientSecret,
        tenantId: signinTenant,
        wellKnown: `${authorityHost}/${signinTenant}/v2.0/.well-known/openid-configuration`,
        authorization: { params: { scope: "openid profile email" } },
        checks: ["pkce", "state", "nonce"],
        idToken: true,
        token: {
          // Exchange the code ourselves so that the ID token is validated by lib/auth/id-token.ts (see there why).
          async request({ client, params, checks, provider }) {
            const tokens = await client.grant({
              grant_type: "authorization_code",
              code: params.code,
              redirect_uri: provider.callbackUrl,
              code_verifier: checks.code_verifier,
            });
            if (!tokens.id_token) throw new Error("The token endpoint returned no ID token.");
            await validateIdToken(tokens.id_token, {
              issuer: client.issuer.metadata.issuer,
              jwksUri: String(client.issuer.metadata.jwks_uri),
              clientId: signinClientId,
              signinTenant,
              nonce: "nonce" in checks ? checks.nonce : undefined,
            });
            // Only what the session needs: the access and refresh tokens are for Graph, which the portal does not call.
            return { tokens: { id_token: tokens.id_token, token_type: tokens.token_type } };
          },
        },
        // The built-in profile() fetches a photo from Microsoft Graph: a network call the portal does not need.
        profile(profile) {
          const claims = toEntraClaims(profile);
          return {
            id: claims ? `${claims.tid}/${claims.oid}` : "",
            name: claims?.name ?? null,
            email: claims?.email ?? null,
            image: null,
          };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, profile }) {
        const claims = profile ? toEntraClaims(profile as Record<string, unknown>) : undefined;
        if (!claims) return token;
        const user = await upsertSignedInUser({
          tenantId: claims.tid,
          objectId: claims.oid,
          email: claims.email ?? claims.preferredUsername,
          name: claims.name,
        });
        const session: SessionToken = {
          uid: user.id,
          oid: claims.oid,
          tid: claims.tid,
          email: claims.email,
          name: claims.name,
          preferredUsername: claims.preferredUsername,
          appRoles: claims.roles,
          pl: claims.preferredLanguage,
          tpl: claims.tenantLanguage,
        };
        return { ...token, ...session, sub: user.id };
      },
      session({ session, token }) {
        const t = token as SessionToken;
        return {
          ...session,
          user: {
            id: t.uid ?? "",
            oid: t.oid ?? "",
            tid: t.tid ?? "",
            email: t.email ?? null,
            name: t.name ?? null,
            preferredUsername: t.preferredUsername ?? null,
            appRoles: t.appRoles ?? [],
            preferredLanguage: t.pl ?? null,
            tenantLanguage: t.tpl ?? null,
          },
        };
      },
      redirect({ url, baseUrl }) {
        // Only back into the portal: the callback URL comes from the browser.
        const { target, refused } = redirectTarget(url, baseUrl);
        if (refused)
          log.warn({ reason: "callbackUrl outside the portal" }, "sign-in redirect refused: going to the home page");
        return target;
      },
    },
    logger: {
      error: (code, metadata) =>
        log.warn(
          {
            code,
            reason: metadata instanceof Error ? metadata.message : (metadata as { error?: Error })?.error?.message,
          },
          "sign-in error",
        ),
      warn: (code) => log.warn({ code }, "sign-in warning"),
      debug: () => {},
    },
  };
  return options;
}
