import "server-only";
import { recordEvent } from "@/lib/data/events";
import { claimDelivery, getDelivery, recordAttempt, type DeliveryStatus } from "@/lib/data/deliveries";
import { log } from "@/lib/log";
import { applyDelivery, attemptOf, type ApplyResult } from "./apply";
import { runInBackground } from "./background";
import { parsePayload } from "./payload";
import { LEASE_MS } from "./receive";

/**
 * An owner re-runs a Failed, Refused or Pending delivery from the admin inbox: the same confirmation with
 * Microsoft and the same application as Microsoft's own delivery (the payload only names the operation;
 * the truth is read again), logged as an attempt with source `rerun` and audited with who asked.
 */

export type RerunResult =
  { kind: "done"; result: ApplyResult } | { kind: "not-found" } | { kind: "not-rerunnable"; status: DeliveryStatus };

/** Pending too: a re-run reads Microsoft again, for an owner who does not want to wait for its follow-up. */
export const RERUNNABLE: readonly DeliveryStatus[] = ["Failed", "Refused", "Pending"];

export async function rerunDelivery(
  deliveryId: string,
  by: { id: string; label: string | null },
): Promise<RerunResult> {
  const context = { source: "rerun" as const, startedAt: Date.now() };
  const delivery = await getDelivery(deliveryId);
  if (!delivery) return { kind: "not-found" };
  // One conditional update: a re-run cannot overlap Microsoft's own retry or another owner's click.
  const claimed = await claimDelivery(deliveryId, { from: RERUNNABLE, leaseMs: LEASE_MS, countAttempt: true });
  if (!claimed) return { kind: "not-rerunnable", status: delivery.status };
  await recordEvent({
    type: "webhook.rerun_requested",
    actor: { type: "user", id: by.id, label: by.label },
    action: "webhook.rerun",
    subject: { type: "delivery", id: deliveryId },
    before: { status: delivery.status, outcome: delivery.outcome },
  });

  const parsed = parsePayload(JSON.stringify(claimed.payload));
  const result: ApplyResult = parsed.ok
    ? await applyDelivery(claimed, parsed.payload, context)
    : { httpStatus: 400, status: "Refused", outcome: `The stored payload is not usable (${parsed.problem}).` };
  if (!result.recorded)
    await recordAttempt(attemptOf(deliveryId, context, result), {
      status: result.status,
      outcome: result.outcome,
      attention: result.attention,
    });
  if (result.followUp) runInBackground("webhook follow-up", result.followUp);
  log.info({ deliveryId, operationId: claimed.operationId, status: result.status }, "webhook delivery re-run");
  return { kind: "done", result };
}
