import type { Env } from "@/lib/env";

export const ROLES = ["owner", "operator", "viewer"] as const;
export type PortalRole = (typeof ROLES)[number];

/** Entra app-role values (in the sign-in app's manifest) and the portal roles they grant. */
export const APP_ROLE_VALUES: Record<string, PortalRole> = {
  "Portal.Owner": "owner",
  "Portal.Operator": "operator",
  "Portal.Viewer": "viewer",
};

/** What each role may do; higher roles include the lower ones. */
const RANK: Record<PortalRole, number> = { viewer: 1, operator: 2, owner: 3 };

export function hasRole(roles: readonly PortalRole[], needed: PortalRole): boolean {
  return roles.some((r) => RANK[r] >= RANK[needed]);
}

export type Identity = { tid: string; oid: string; email: string | null; appRoles: string[] };

/**
 * Staff roles from configuration and the ID token. Security: the sign-in app is multi-tenant, so the
 * admin of ANY tenant can assign app roles to their own users in their own copy of the app, and can set
 * any e-mail address on them ("nOAuth"). Hence app roles, e-mail and bare object-id allow-list entries
 * count only for users of the publisher's own tenant (ADMIN_TENANT_ID); anyone else must be listed by
 * `tenantId/objectId`, which nobody can forge.
 */
export function configuredRoles(identity: Identity, admin: Env["admin"]): PortalRole[] {
  const tid = identity.tid.toLowerCase();
  const oid = identity.oid.toLowerCase();
  const inAdminTenant = tid === admin.tenantId;
  const matches = (entries: string[]) =>
    entries.some((entry) => {
      if (entry.includes("/")) return entry === `${tid}/${oid}`;
      if (!inAdminTenant) return false;
      return entry === oid || (!!identity.email && entry === identity.email.toLowerCase());
    });
  const roles = new Set<PortalRole>();
  if (inAdminTenant)
    for (const value of identity.appRoles) if (APP_ROLE_VALUES[value]) roles.add(APP_ROLE_VALUES[value]);
  if (matches(admin.owners)) roles.add("owner");
  if (matches(admin.operators)) roles.add("operator");
  if (matches(admin.viewers)) roles.add("viewer");
  return [...roles];
}
