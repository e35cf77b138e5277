// Users of the Entra stand-in: seed personas, or ad-hoc users typed on the sign-in page.
import { z } from "zod";
import { MSA_TENANT_ID } from "../api-types";
import type { SimContext } from "../context";
import { guidFromName } from "../core/ids";
import type { Identity } from "../core/state";
import { findTenant, personas } from "../domain/catalog";
import type { Persona } from "../seed/load-seed";

export type EntraUser = {
  personaId?: string;
  name: string;
  /** Absent when the ID token must not carry an `email` claim. */
  email?: string;
  preferredUsername: string;
  tenantId: string;
  oid: string;
  puid: string;
  roles: string[];
  /** Sent as the optional claim `xms_pl`, as Entra does when the app registration asks for it. */
  preferredLanguage?: string;
};

export function userFromPersona(persona: Persona): EntraUser {
  return {
    personaId: persona.id,
    name: persona.name,
    email: persona.email,
    preferredUsername: persona.preferredUsername,
    tenantId: persona.tenantId,
    oid: persona.oid,
    puid: persona.puid,
    roles: persona.roles,
    ...(persona.preferredLanguage ? { preferredLanguage: persona.preferredLanguage } : {}),
  };
}

const ZEmail = z.email();

/**
 * A persona matching the e-mail, or an ad-hoc user: deterministic oid from the e-mail, tenant from the
 * e-mail's domain (seed tenants list their domains), else the default customer tenant (Contoso).
 */
export function userFromEmail(ctx: SimContext, rawEmail: string): EntraUser | undefined {
  const email = rawEmail.trim().toLowerCase();
  if (!ZEmail.safeParse(email).success) return undefined;
  const known = personas(ctx).find(
    (p) => p.email?.toLowerCase() === email || p.preferredUsername.toLowerCase() === email,
  );
  if (known) return userFromPersona(known);
  const domain = email.slice(email.indexOf("@") + 1);
  const tenantId = findTenant(ctx, domain)?.id ?? ctx.seed.defaultTenantId;
  const local = email.slice(0, email.indexOf("@"));
  const name = local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(" ");
  const oid = guidFromName("user", email);
  return {
    name: name || email,
    email,
    preferredUsername: email,
    tenantId,
    // MSA users get Microsoft's fixed-format oid (00000000-0000-0000-xxxx-xxxxxxxxxxxx).
    oid: tenantId === MSA_TENANT_ID ? `00000000-0000-0000-${oid.slice(19)}` : oid,
    puid: oid.replace(/-/g, "").slice(0, 16).toUpperCase(),
    roles: [],
  };
}

export function findUser(ctx: SimContext, key: string): EntraUser | undefined {
  const persona = personas(ctx).find((p) => p.id === key);
  return persona ? userFromPersona(persona) : userFromEmail(ctx, key);
}

/** How a user appears in the simulator's log: the persona id, never an e-mail address (personal data). */
export function userLabel(user: EntraUser): string {
  return user.personaId ?? "ad-hoc user";
}

/** The AadIdentifier Microsoft puts in beneficiary/purchaser (emailId falls back to the UPN). */
export function identityOf(user: EntraUser): Identity {
  return {
    emailId: user.email ?? user.preferredUsername,
    objectId: user.oid,
    tenantId: user.tenantId,
    puid: user.puid,
  };
}

export type TenantPath = { kind: "common" | "organizations" | "consumers" } | { kind: "tenant"; tenantId: string };

/** Which users may sign in through /{tenant}/…: Entra's rules for the three aliases and for one tenant. */
export function mayUseAuthority(path: TenantPath, user: EntraUser): boolean {
  switch (path.kind) {
    case "common":
      return true;
    case "organizations":
      return user.tenantId !== MSA_TENANT_ID;
    case "consumers":
      return user.tenantId === MSA_TENANT_ID;
    case "tenant":
      return user.tenantId === path.tenantId;
  }
}

/** Parses the tenant segment of an Entra URL: a GUID or domain of a known tenant, or an alias. */
export function parseTenantPath(ctx: SimContext, segment: string): TenantPath | undefined {
  const lower = segment.toLowerCase();
  if (lower === "common" || lower === "organizations" || lower === "consumers") return { kind: lower };
  const tenant = findTenant(ctx, lower);
  return tenant ? { kind: "tenant", tenantId: tenant.id } : undefined;
}
