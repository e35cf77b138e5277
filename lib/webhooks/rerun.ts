import "server-only";
import { getDelivery, type DeliveryStatus } from "@/lib/data/deliveries";
import { recordEvent } from "@/lib/data/events";
import { requeueDelivery } from "@/lib/data/webhook-queue";
import { log } from "@/lib/log";
import { deliveryJob } from "./queue";

/**
 * An owner re-runs a Failed, Refused or Pending delivery from the admin inbox: it is queued again, and a
 * worker confirms it with Microsoft and applies it like any delivery (the payload only names the
 * operation; the truth is read again). Logged as an attempt with source `rerun`, audited with who asked.
 */

export type RerunResult =
  { kind: "queued" } | { kind: "not-found" } | { kind: "not-rerunnable"; status: DeliveryStatus };

/** Pending too: a re-run reads Microsoft again, for an owner who does not want to wait for its follow-up. */
export const RERUNNABLE: readonly DeliveryStatus[] = ["Failed", "Refused", "Pending"];

export async function rerunDelivery(
  deliveryId: string,
  by: { id: string; label: string | null },
): Promise<RerunResult> {
  const delivery = await getDelivery(deliveryId);
  if (!delivery) return { kind: "not-found" };
  // One conditional update: a re-run cannot overlap a worker's attempt or another owner's click.
  const queued = await requeueDelivery(
    deliveryId,
    RERUNNABLE,
    deliveryJob(undefined),
    `Queued again by ${by.label ?? "an owner"} (was ${delivery.status}).`,
  );
  if (!queued) return { kind: "not-rerunnable", status: delivery.status };
  await recordEvent({
    type: "webhook.rerun_requested",
    actor: { type: "user", id: by.id, label: by.label },
    action: "webhook.rerun",
    subject: { type: "delivery", id: deliveryId },
    before: { status: delivery.status, outcome: delivery.outcome },
  });
  log.info({ deliveryId, operationId: delivery.operationId }, "webhook delivery queued again by an owner");
  return { kind: "queued" };
}
