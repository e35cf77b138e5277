import "server-only";
import { Prisma, type ProvisioningStatus } from "@/generated/prisma/client";
import { getDb, type Db } from "@/lib/db";
import type { Actor } from "@/lib/domain/events";
import { recordEvent } from "./events";
import { withSubscriptionLocked, type SubscriptionRecord } from "./subscriptions";

/**
 * The provisioning gate's columns of a subscription (Subscription.provisioning*), and their events: the
 * buyer's confirmation while the gate is on (`subscription.provisioning_requested`) and the ISV's answers
 * (`…provisioned`, `…provisioning_failed`). Each change takes the subscription's row lock and writes its event
 * in the same transaction, so double clicks, second tabs, retried or simultaneous answers change it once.
 */

export type { ProvisioningStatus };

/** Who confirmed, as the event and the later activation record them. */
export type ProvisioningRequester = { userId: string; label: string | null; tid: string; oid: string };

export type RequestOutcome =
  /** This call asked the ISV. */
  | { kind: "requested"; row: SubscriptionRecord }
  /** Asked before (another click, tab or retry), or already activated: nothing written. */
  | { kind: "already"; row: SubscriptionRecord }
  | { kind: "not-found" };

const subjectOf = (id: string) => ({ type: "subscription" as const, id });

/**
 * The buyer confirmed while the gate is on: records who, their tenant and object id, what they entered and
 * when, and asks the ISV (the event carries what it needs to provision). Does not call Microsoft.
 */
export async function requestProvisioning(
  subscriptionId: string,
  by: ProvisioningRequester,
  buyerDetails: Record<string, string>,
  at = new Date(),
): Promise<RequestOutcome> {
  return withSubscriptionLocked(subscriptionId, async (tx, row) => {
    if (!row) return { kind: "not-found" };
    if (row.provisioningStatus || row.activatedAt) return { kind: "already", row };
    const updated = await tx.subscription.update({
      where: { id: subscriptionId },
      data: {
        provisioningStatus: "Requested",
        provisioningRequestedAt: at,
        provisioningRequestedById: by.userId,
        provisioningDetails: { tid: by.tid, oid: by.oid, fields: buyerDetails },
        buyerDetails: Object.keys(buyerDetails).length ? buyerDetails : undefined,
      },
    });
    await recordEvent(
      {
        type: "subscription.provisioning_requested",
        action: "landing.confirmed",
        actor: { type: "user", id: by.userId, label: by.label },
        subject: subjectOf(subscriptionId),
        before: { provisioning: null },
        after: {
          provisioning: "requested",
          offerId: row.offerId,
          planId: row.planId,
          quantity: row.quantity,
          beneficiary: { tenantId: row.beneficiaryTenantId, objectId: row.beneficiaryObjectId },
          purchaser: {
            tenantId: row.purchaserTenantId,
            objectId: row.purchaserObjectId,
            email: row.purchaserEmail,
          },
          confirmedBy: { tenantId: by.tid, objectId: by.oid },
          buyerDetails,
        },
      },
      tx,
    );
    return { kind: "requested", row: updated };
  });
}

export type AnswerOutcome =
  | { kind: "answered"; row: SubscriptionRecord }
  /** The same answer again: nothing written. */
  | { kind: "unchanged"; row: SubscriptionRecord }
  | { kind: "not-found" }
  /** Never gated: nobody asked the ISV for this purchase. */
  | { kind: "not-requested"; row: SubscriptionRecord }
  /** The answer contradicts what happened (failed after provisioned, or the purchase was cancelled). */
  | { kind: "conflict"; row: SubscriptionRecord; reason: "already-provisioned" | "cancelled" };

/**
 * The ISV's answer "provisioned": the purchase may be activated. `afterwards` runs in the same transaction
 * when the activation must (still) happen: the caller queues the activation job there, so that the answer
 * and its job are committed together. A repeated answer writes no second event.
 */
export async function markProvisioned(
  subscriptionId: string,
  actor: Actor,
  message: string | undefined,
  afterwards: (tx: Db) => Promise<void>,
  at = new Date(),
): Promise<AnswerOutcome> {
  return withSubscriptionLocked(subscriptionId, async (tx, row) => {
    if (!row) return { kind: "not-found" };
    if (!row.provisioningStatus) return { kind: "not-requested", row };
    if (row.provisioningStatus === "Provisioned") {
      // Queued again (a job that gave up after Microsoft failed for hours); the activation's claim keeps it to one Activate.
      if (!row.activatedAt) await afterwards(tx);
      return { kind: "unchanged", row };
    }
    if (row.status === "Unsubscribed") return { kind: "conflict", row, reason: "cancelled" };
    const updated = await tx.subscription.update({
      where: { id: subscriptionId },
      data: {
        provisioningStatus: "Provisioned",
        provisioningAnsweredAt: at,
        provisioningFailureReason: null,
        provisioningBuyerMessage: null,
      },
    });
    await recordEvent(
      {
        type: "subscription.provisioned",
        action: "api.provisioned",
        actor,
        subject: subjectOf(subscriptionId),
        before: { provisioning: toApiStatus(row.provisioningStatus) },
        after: { provisioning: "provisioned", ...(message ? { message } : {}) },
      },
      tx,
    );
    if (!row.activatedAt) await afterwards(tx);
    return { kind: "answered", row: updated };
  });
}

/** The ISV's answer "failed", with its reason (for staff) and what the buyer may read (optional). */
export async function markProvisioningFailed(
  subscriptionId: string,
  actor: Actor,
  failure: { reason: string; buyerMessage?: string },
  at = new Date(),
): Promise<AnswerOutcome> {
  return withSubscriptionLocked(subscriptionId, async (tx, row) => {
    if (!row) return { kind: "not-found" };
    if (!row.provisioningStatus) return { kind: "not-requested", row };
    if (row.provisioningStatus === "Provisioned" || row.activatedAt)
      return { kind: "conflict", row, reason: "already-provisioned" };
    const buyerMessage = failure.buyerMessage ?? null;
    if (
      row.provisioningStatus === "Failed" &&
      row.provisioningFailureReason === failure.reason &&
      row.provisioningBuyerMessage === buyerMessage
    )
      return { kind: "unchanged", row };
    const updated = await tx.subscription.update({
      where: { id: subscriptionId },
      data: {
        provisioningStatus: "Failed",
        provisioningAnsweredAt: at,
        provisioningFailureReason: failure.reason,
        provisioningBuyerMessage: buyerMessage,
      },
    });
    await recordEvent(
      {
        type: "subscription.provisioning_failed",
        action: "api.provisioning-failed",
        actor,
        subject: subjectOf(subscriptionId),
        before: { provisioning: toApiStatus(row.provisioningStatus) },
        after: { provisioning: "failed", reason: failure.reason, ...(buyerMessage ? { buyerMessage } : {}) },
      },
      tx,
    );
    return { kind: "answered", row: updated };
  });
}

export type ProvisioningApiStatus = "requested" | "provisioned" | "failed";

export function toApiStatus(status: ProvisioningStatus): ProvisioningApiStatus {
  return status === "Requested" ? "requested" : status === "Provisioned" ? "provisioned" : "failed";
}

/** Who confirmed a gated purchase and what they entered (stored at the request), for the activation. */
export function provisioningRequestOf(
  row: SubscriptionRecord,
): { userId: string; buyerDetails: Record<string, string> } | null {
  if (!row.provisioningRequestedById) return null;
  const details = row.provisioningDetails as { fields?: Record<string, string> } | null;
  return { userId: row.provisioningRequestedById, buyerDetails: details?.fields ?? {} };
}

/** Gated purchases still waiting for the ISV (requested or failed, not activated), oldest first. */
export function countAwaitingProvisioning(db: Db = getDb()): Promise<number> {
  return db.subscription.count({ where: awaitingProvisioningWhere });
}

export const awaitingProvisioningWhere = {
  provisioningStatus: { in: ["Requested", "Failed"] },
  activatedAt: null,
  status: "PendingFulfillmentStart",
} satisfies Prisma.SubscriptionWhereInput;
