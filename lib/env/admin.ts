import { z } from "zod";
import { MARKETPLACE_TENANT_ID, publisherTenantId } from "./microsoft";
import { optionalText, refuse, whenWellFormed, withPortalMode } from "./shared";
import { isGuid } from "../domain/ids";

/** Who is staff: the tenant whose app roles count, and the allow-lists (README → Admin access). */
const variables = withPortalMode.extend({
  /** Tenant whose Entra app-role assignments (Portal.Owner / Portal.Operator / Portal.Viewer) count; default: MARKETPLACE_TENANT_ID. */
  ADMIN_TENANT_ID: optionalText,
  /** Owners allow-list (comma-separated): e-mail or object id of a user in ADMIN_TENANT_ID, or `tenantId/objectId` for anyone. */
  ADMIN_OWNERS: optionalText,
  /** Operators allow-list, written as ADMIN_OWNERS. */
  ADMIN_OPERATORS: optionalText,
  /** Viewers allow-list, written as ADMIN_OWNERS. */
  ADMIN_VIEWERS: optionalText,
  /** The default of ADMIN_TENANT_ID (defined and documented in microsoft.ts). */
  MARKETPLACE_TENANT_ID,
});

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);

const toAdmin = (v: z.output<typeof variables>) => ({
  admin: {
    tenantId: (v.ADMIN_TENANT_ID ?? publisherTenantId(v)).toLowerCase(),
    owners: list(v.ADMIN_OWNERS),
    operators: list(v.ADMIN_OPERATORS),
    viewers: list(v.ADMIN_VIEWERS),
  },
});

/** Entra's multi-tenant aliases: not a tenant, so no user's `tid` is ever one of them. */
const TENANT_ALIASES = ["common", "organizations", "consumers"];

function refusals(v: z.output<typeof variables>): string[] {
  const { tenantId } = toAdmin(v).admin;
  // Refused in both modes: any tenant's administrator could then grant themselves staff roles.
  if (TENANT_ALIASES.includes(tenantId)) {
    return [
      `ADMIN_TENANT_ID cannot be "${tenantId}": it must be your publisher tenant's id (a GUID), the only tenant whose app roles and e-mail addresses count for staff roles.`,
    ];
  }
  // (When it defaults to MARKETPLACE_TENANT_ID, that one's own check has said it.)
  if (
    v.PORTAL_MODE === "production" &&
    tenantId &&
    tenantId !== publisherTenantId(v).toLowerCase() &&
    !isGuid(tenantId)
  ) {
    return [`ADMIN_TENANT_ID must be your publisher tenant's id, a GUID; it is ${tenantId}.`];
  }
  return [];
}

export const ZAdminSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform(toAdmin);
