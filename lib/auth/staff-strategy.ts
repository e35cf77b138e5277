import "server-only";
import type { AuthStrategy } from "@/lib/http/auth-strategy";
import type { PortalRole } from "./roles";
import { NotAllowedError, requireRole, type CurrentUser } from "./session";

/**
 * For JSON routes the admin pages call (lib/http/api-route.ts): the signed-in member of staff with at
 * least `role`, from the session cookie, with the same check as every admin action (lib/auth/guard.ts).
 * Signed out: 401; signed in without the role: 403.
 */
export function staffSession(role: PortalRole): AuthStrategy<CurrentUser> {
  return {
    security: { kind: "scheme", scheme: "staffSession", scopes: [role] },
    async authenticate() {
      try {
        return { ok: true, caller: await requireRole(role) };
      } catch (e) {
        if (!(e instanceof NotAllowedError)) throw e;
        return e.reason === "signed-out"
          ? {
              ok: false,
              refusal: { type: "unauthenticated", detail: "Sign in to the portal first.", reason: "signed out" },
            }
          : {
              ok: false,
              refusal: {
                type: "forbidden",
                detail: `Your account does not have the ${role} role this needs. Ask an owner of the portal for it.`,
                reason: `without the ${role} role`,
              },
            };
      }
    },
  };
}
