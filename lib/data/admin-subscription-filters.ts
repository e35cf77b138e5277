import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { AdminSubscriptionRow } from "./admin-subscriptions";
import type { ListQuery } from "./admin-subscriptions-params";

/**
 * What the admin list's search and filters mean, as SQL conditions and, for the flags a row shows, as the
 * same predicate on one row (the table's badges and the CSV's columns say what the filter selects).
 */

/** Test purchases: Microsoft's isTest flag, or a DryRun session (every transaction in test mode). */
export const TEST_CONDITION = Prisma.sql`("isTest" OR "sessionMode" = 'DryRun')`;
/** CSP: a partner bought for a customer (the tenants differ), or a CSP integration-sandbox purchase. */
const CSP_CONDITION = Prisma.sql`("sandboxType" = 'Csp' OR COALESCE("purchaserTenantId" <> "beneficiaryTenantId", false))`;

/** CSP_CONDITION and TEST_CONDITION for one row (the table's flags and the CSV's columns). */
export function isCsp(
  r: Pick<AdminSubscriptionRow, "sandboxType" | "purchaserTenantId" | "beneficiaryTenantId">,
): boolean {
  return (
    r.sandboxType === "Csp" ||
    (!!r.purchaserTenantId && !!r.beneficiaryTenantId && r.purchaserTenantId !== r.beneficiaryTenantId)
  );
}
export function isTestPurchase(r: Pick<AdminSubscriptionRow, "isTest" | "sessionMode">): boolean {
  return r.isTest || r.sessionMode === "DryRun";
}

const AWAITING_PROVISIONING = Prisma.sql`"provisioningStatus" IN ('Requested', 'Failed') AND "activatedAt" IS NULL AND "status" = 'PendingFulfillmentStart'`;

/** AWAITING_PROVISIONING for one row (the table's badge). */
export function isAwaitingProvisioning(
  r: Pick<AdminSubscriptionRow, "provisioningStatus" | "activatedAt" | "status">,
): boolean {
  return (
    (r.provisioningStatus === "Requested" || r.provisioningStatus === "Failed") &&
    r.activatedAt === null &&
    r.status === "PendingFulfillmentStart"
  );
}

const likeEscape = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE conditions of the search and filters (no paging), joined with AND. */
export function filterSql(q: ListQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  // searchText is lower-cased by lib/data/subscriptions.ts; LIKE '%…%' is served by its trigram index.
  for (const term of q.terms) parts.push(Prisma.sql`"searchText" LIKE ${`%${likeEscape(term)}%`}`);
  if (q.status) parts.push(Prisma.sql`"status" = ${q.status}::"SubscriptionStatus"`);
  if (q.plan) parts.push(Prisma.sql`"offerId" = ${q.plan.offerId} AND "planId" = ${q.plan.planId}`);
  else if (q.offerId) parts.push(Prisma.sql`"offerId" = ${q.offerId}`);
  if (q.test) parts.push(q.test === "yes" ? TEST_CONDITION : Prisma.sql`NOT ${TEST_CONDITION}`);
  if (q.trial) parts.push(q.trial === "yes" ? Prisma.sql`"isFreeTrial"` : Prisma.sql`NOT "isFreeTrial"`);
  if (q.csp) parts.push(q.csp === "yes" ? CSP_CONDITION : Prisma.sql`NOT ${CSP_CONDITION}`);
  // Pending: Microsoft still waits for Activate. Activated: the portal activated it (landing page or an operator).
  if (q.activation === "pending") parts.push(Prisma.sql`"status" IN ('PendingFulfillmentStart', 'NotStarted')`);
  if (q.activation === "activated") parts.push(Prisma.sql`"activatedAt" IS NOT NULL`);
  // Provisioning gate: the ISV was asked (or failed) and Microsoft still waits for Activate (30 days from purchase).
  if (q.provisioning === "awaiting") parts.push(AWAITING_PROVISIONING);
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}
