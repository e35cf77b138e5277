/**
 * Is a signed-in person part of a purchase? Microsoft names two parties: the purchaser (who bought it; a
 * CSP partner or reseller when they bought on the customer's behalf) and the beneficiary (who uses it).
 * Each is an Entra identity: tenant id and object id.
 *
 * For work and school accounts the tenant decides: a colleague of the buyer may set the subscription up.
 * Every personal Microsoft account shares one tenant id (Microsoft's consumer tenant), so for those only
 * the object id tells two people apart: any other personal account would otherwise "belong" to the purchase.
 */

/** The tenant id of every personal Microsoft account (MSA). */
export const PERSONAL_ACCOUNTS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

export type Person = { tid: string; oid: string };
export type Party = { tenantId: string | null; objectId: string | null };

const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether the person is this party: same tenant, and for personal accounts the same person. */
export function isParty(person: Person, party: Party): boolean {
  if (!same(person.tid, party.tenantId)) return false;
  if (same(person.tid, PERSONAL_ACCOUNTS_TENANT_ID)) return same(person.oid, party.objectId);
  return true;
}

/**
 * `party`: the purchaser or the beneficiary. `outsider`: neither. `unknown`: Microsoft named neither
 * party's tenant, so there is nothing to compare with (not treated as a mismatch: no evidence of one).
 */
export function relationTo(person: Person, purchaser: Party, beneficiary: Party): "party" | "outsider" | "unknown" {
  if (isParty(person, purchaser) || isParty(person, beneficiary)) return "party";
  return purchaser.tenantId || beneficiary.tenantId ? "outsider" : "unknown";
}
