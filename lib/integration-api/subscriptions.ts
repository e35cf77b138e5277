import type { ApiSubscriptionRow } from "@/lib/data/api-subscriptions";
import type { ApiEntitlement, ApiProvisioning, ApiSubscription } from "./schemas";

/**
 * The stored row in the integration API's shapes (lib/integration-api/schemas.ts). A row type import
 * only: these are pure, and the routes call lib/data for the rows.
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Access is given exactly while Microsoft says Subscribed (suspended and pending purchases are not entitled). */
export const isEntitled = (row: Pick<ApiSubscriptionRow, "status">) => row.status === "Subscribed";

const term = (row: ApiSubscriptionRow) => ({
  startDate: iso(row.termStartDate),
  endDate: iso(row.termEndDate),
  unit: row.termUnit,
});

const isTest = (row: ApiSubscriptionRow) => row.isTest || row.sessionMode === "DryRun";

export function toApiSubscription(row: ApiSubscriptionRow): ApiSubscription {
  return {
    id: row.id,
    name: row.name,
    offerId: row.offerId,
    planId: row.planId,
    seats: row.quantity,
    status: row.status,
    entitled: isEntitled(row),
    beneficiary: { tenantId: row.beneficiaryTenantId, objectId: row.beneficiaryObjectId, email: row.beneficiaryEmail },
    purchaser: { tenantId: row.purchaserTenantId, objectId: row.purchaserObjectId, email: row.purchaserEmail },
    term: term(row),
    autoRenew: row.autoRenew,
    isFreeTrial: row.isFreeTrial,
    isTest: isTest(row),
    allowedCustomerOperations: row.allowedCustomerOperations,
    purchasedAt: iso(row.purchasedAt),
    activatedAt: iso(row.activatedAt),
    firstSeenAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toApiEntitlement(row: ApiSubscriptionRow): ApiEntitlement {
  return {
    subscriptionId: row.id,
    offerId: row.offerId,
    planId: row.planId,
    status: row.status,
    entitled: isEntitled(row),
    seats: row.quantity,
    term: term(row),
    autoRenew: row.autoRenew,
    isFreeTrial: row.isFreeTrial,
    isTest: isTest(row),
    beneficiary: { tenantId: row.beneficiaryTenantId, objectId: row.beneficiaryObjectId, email: row.beneficiaryEmail },
  };
}

/** The provisioning gate's state of a gated subscription (a row whose provisioningStatus is set). */
export type ProvisioningRow = Pick<ApiSubscriptionRow, "id" | "status" | "activatedAt"> & {
  provisioningStatus: "Requested" | "Provisioned" | "Failed" | null;
  provisioningRequestedAt: Date | null;
  provisioningAnsweredAt: Date | null;
  provisioningFailureReason: string | null;
};

export function toApiProvisioning(row: ProvisioningRow): ApiProvisioning {
  return {
    subscriptionId: row.id,
    status: row.status,
    provisioning:
      row.provisioningStatus === "Provisioned"
        ? "provisioned"
        : row.provisioningStatus === "Failed"
          ? "failed"
          : "requested",
    requestedAt: (row.provisioningRequestedAt ?? new Date(0)).toISOString(),
    answeredAt: iso(row.provisioningAnsweredAt),
    failureReason: row.provisioningStatus === "Failed" ? row.provisioningFailureReason : null,
    activatedAt: iso(row.activatedAt),
  };
}
