import type { BuyerActors } from "@/lib/domain/settings";
import { isParty } from "@/lib/landing/parties";

/**
 * Who may change a subscription on "Your subscription": a rule on top of who may see it
 * (lib/data/buyer-subscriptions.ts). Only people of the beneficiary's side (the customer who uses it; for a
 * personal Microsoft account that very person) ever act, never the purchaser's side (a CSP partner or
 * reseller acts at Microsoft), and the publisher's setting narrows it further.
 *
 * "A tenant admin" is the ID token's `roles` claim carrying the app role below, not the `wids` claim
 * (Global Administrator's template id): the portal already reads `roles`; `wids` is only sent when the app
 * registration asks for directory roles, and it names every admin role a person holds, whereas an app role is
 * assigned by the customer's own admin to exactly the people who may manage this service (an admin can assign
 * it to themselves). A `roles` claim is issued by the buyer's own tenant, so it counts only for that tenant's
 * subscriptions, which the beneficiary check already ensures.
 */

export const TENANT_ADMIN_APP_ROLE = "Subscriptions.Manage";

export type SelfServicePolicy = { enabled: boolean; actors: BuyerActors };
export type Actor = { userId: string; tid: string; oid: string; appRoles: readonly string[] };
export type Subject = {
  beneficiaryTenantId: string | null;
  beneficiaryObjectId: string | null;
  activatedById: string | null;
};

export type Verdict =
  { allowed: true } | { allowed: false; reason: "disabled" | "not-beneficiary" | "not-activator" | "no-admin-role" };

export function mayAct(policy: SelfServicePolicy, actor: Actor, subject: Subject): Verdict {
  if (!policy.enabled) return { allowed: false, reason: "disabled" };
  const person = { tid: actor.tid, oid: actor.oid };
  if (!isParty(person, { tenantId: subject.beneficiaryTenantId, objectId: subject.beneficiaryObjectId }))
    return { allowed: false, reason: "not-beneficiary" };
  if (policy.actors === "activator" && subject.activatedById !== actor.userId)
    return { allowed: false, reason: "not-activator" };
  if (policy.actors === "tenantAdmin" && !actor.appRoles.includes(TENANT_ADMIN_APP_ROLE))
    return { allowed: false, reason: "no-admin-role" };
  return { allowed: true };
}
