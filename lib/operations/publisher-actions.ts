import "server-only";
import { randomUUID } from "node:crypto";
import { ExpectedError } from "@/lib/auth/guard";
import type { CurrentUser } from "@/lib/auth/session";
import { recordEvent } from "@/lib/data/events";
import { createOperation, getOperationRecord, type OperationRecord } from "@/lib/data/operations";
import { syncSubscription } from "@/lib/data/subscription-store";
import { isDatabaseUnreachable, whileDatabaseReturns } from "@/lib/data/db-errors";
import { log } from "@/lib/log";
import { getMarketplaceClient, isMarketplaceError, type MarketplaceError, type OperationRef } from "@/lib/marketplace";
import { activateAsOperator, NotPendingError } from "@/lib/landing/activate";
import { getActionChoices } from "./choices";
import { enqueueFollow } from "./tasks";
import { findLostOperation, type RecoveryOptions, type WantedChange } from "./recover-operation";

/**
 * Doing what an operator may do to a subscription (choices.ts): change plan, change seats, cancel, activate
 * a pending purchase. Every request re-checks the choices with Microsoft, and every change is on the event
 * feed and followed until Microsoft says it is done (a job: tasks.ts). A change is sent to Microsoft once:
 * when its answer is lost, its operation is looked for, never re-requested.
 */

/** What a requested change became: an operation to watch, or a change Microsoft already shows. */
export type ChangeOutcome =
  | { kind: "following"; operation: OperationRecord; notice: string | null }
  | { kind: "applied"; action: WantedChange["action"]; notice: string };

export type ChangeOptions = {
  /** Follows the operation to its end (default: a job on the queue, lib/operations/tasks.ts). */
  background?: (operationId: string) => Promise<void>;
  /** How long and how often to look for an operation whose answer was lost. */
  recovery?: Pick<RecoveryOptions, "timeoutMs" | "intervalMs">;
  /**
   * Who asked: staff (the default) or the buyer on "Your subscription" (lib/self-service). The audit names the
   * person either way; a buyer's request says so in its action (`buyer.operation.requested`) and data.
   */
  requestedBy?: "staff" | "buyer";
};

const LOCKED = /locked|pending operation/i;

/** Turns Microsoft's definite answers into messages the operator can act on (never for an unknown outcome). */
function refusal(e: unknown): unknown {
  if (!isMarketplaceError(e)) return e;
  // 400 "…locked due to pending operations" (PATCH) or 409 (DELETE) to the only request sent: another change runs.
  if ((e.kind === "bad-request" && LOCKED.test(e.microsoftMessage ?? "")) || e.kind === "conflict") {
    return new ExpectedError(
      "Microsoft refused the change: another operation on this subscription is still in progress at Microsoft. Wait until it has finished (this page shows it once Microsoft's webhook arrives or after the next reconciliation), then try again.",
    );
  }
  if (e.kind === "bad-request")
    return new ExpectedError(`Microsoft refused the change: ${e.microsoftMessage ?? e.message}`);
  // Only failures that certainly did not reach Microsoft get here (token, refused connection, 429): see http.ts.
  if (["unavailable", "timeout", "throttled"].includes(e.kind))
    return new ExpectedError(`${e.message} Nothing was changed.`);
  return e;
}

const actorOf = (user: CurrentUser) => ({ type: "user" as const, id: user.id, label: user.email ?? user.name });
const targetOf = (w: WantedChange) => ({
  ...(w.targetPlanId !== undefined ? { targetPlanId: w.targetPlanId } : {}),
  ...(w.targetQuantity !== undefined ? { targetQuantity: w.targetQuantity } : {}),
});

async function follow(
  operationId: string,
  subscriptionId: string,
  user: CurrentUser,
  wanted: WantedChange,
  options: ChangeOptions,
): Promise<OperationRecord> {
  const operation = await createOperation({
    id: operationId,
    subscriptionId,
    action: wanted.action,
    requestedById: user.id,
    ...targetOf(wanted),
  });
  // Followed by a job (any instance, surviving a restart): the admin page shows progress meanwhile.
  await (options.background ?? enqueueFollow)(operationId);
  return operation;
}

/** Pauses between tries of the bookkeeping after Microsoft accepted a change: about 7 s in all. */
const ACCEPTED_RECORD_PAUSES_MS = [250, 500, 1_000, 2_000, 3_000];

/**
 * The portal's record of a change Microsoft has accepted (its audit, its operation to follow). The change
 * is made whatever happens here, so a database that is briefly away (a restart, a failover) is waited
 * for; if it stays away, the operator learns that the change was made and must not be requested again,
 * rather than "something went wrong, try again", which would send it twice.
 */
async function recordAccepted<T>(ref: OperationRef, record: () => Promise<T>): Promise<T> {
  try {
    return await whileDatabaseReturns(record, ACCEPTED_RECORD_PAUSES_MS);
  } catch (e) {
    if (!isDatabaseUnreachable(e)) throw e;
    log.error({ err: e, operationId: ref.operationId }, "Microsoft accepted a change the portal could not record");
    throw new ExpectedError(
      `Microsoft accepted the change${ref.operationId ? ` (operation ${ref.operationId})` : ""}, but the portal's database did not answer, so it is not shown here yet. Do not request it again: the subscription shows it when Microsoft's webhook arrives or after the next reconciliation.`,
    );
  }
}

/**
 * Sends the change once and returns what it became. When the answer is lost after the request may have
 * reached Microsoft, looks for its operation instead of sending it again, and says honestly what it found.
 */
async function submitChange(
  subscriptionId: string,
  user: CurrentUser,
  wanted: WantedChange,
  send: (correlationId: string) => Promise<OperationRef>,
  options: ChangeOptions,
): Promise<ChangeOutcome> {
  const correlationId = randomUUID();
  const byBuyer = options.requestedBy === "buyer";
  const audit = (after: Record<string, unknown>) =>
    recordEvent({
      type: "operation.requested",
      actor: actorOf(user),
      action: byBuyer ? "buyer.operation.requested" : "operation.requested",
      subject: { type: "subscription", id: subscriptionId },
      after: { action: wanted.action, ...targetOf(wanted), ...(byBuyer ? { requestedBy: "buyer" } : {}), ...after },
    });
  let lost: MarketplaceError | undefined;
  try {
    const ref = await send(correlationId);
    let audited = false; // tried again after an outage: the audit entry once
    const operation = await recordAccepted(ref, async () => {
      if (!audited) await audit({ operationId: ref.operationId ?? null });
      audited = true;
      return ref.operationId ? follow(ref.operationId, subscriptionId, user, wanted, options) : null;
    });
    if (operation) return { kind: "following", operation, notice: null };
  } catch (e) {
    if (!isMarketplaceError(e) || !e.outcomeUnknown) throw refusal(e);
    lost = e;
    log.warn(
      { subscriptionId, action: wanted.action, ...e.toLog() },
      "a publisher change may have reached Microsoft without an answer; looking for its operation",
    );
  }
  // The answer was lost, or Microsoft accepted without naming the operation: ask Microsoft what it has.
  const found = await findLostOperation(getMarketplaceClient(), subscriptionId, wanted, {
    ...options.recovery,
    correlationId,
    isKnown: async (id) => (await getOperationRecord(id)) !== null,
  });
  const why = lost ? lost.message : "Microsoft accepted the change without naming its operation.";
  if (found.kind === "listed") {
    const operationId = found.operation.id;
    if (lost) await audit({ operationId, outcome: "recovered" });
    const operation = await follow(operationId, subscriptionId, user, wanted, options);
    return {
      kind: "following",
      operation,
      notice: `${why} The portal found Microsoft's operation for it and follows it here.`,
    };
  }
  if (found.kind === "applied") {
    await syncSubscription(found.snapshot, { actor: { type: "microsoft" }, action: `operation.${wanted.action}` });
    if (lost) await audit({ operationId: null, outcome: "applied" });
    return {
      kind: "applied",
      action: wanted.action,
      notice: `${why} Microsoft's subscription already shows the change: it was made.`,
    };
  }
  const later =
    "The outcome will show on this page when Microsoft's webhook arrives or after the next reconciliation; check here before requesting it again.";
  if (!lost) throw new ExpectedError(`${why} The portal could not find the operation to follow. ${later}`);
  await audit({ operationId: null, outcome: "unknown" });
  throw new ExpectedError(
    `${why} The portal could not find out whether Microsoft made it: Microsoft lists no operation for it yet and the subscription does not show it. ${later}`,
  );
}

async function checkedForChange(subscriptionId: string) {
  const choices = await getActionChoices(subscriptionId);
  if (choices.changeBlockedBy.length) throw new ExpectedError(choices.changeBlockedBy.join(" "));
  return choices;
}

export async function requestPlanChange(
  subscriptionId: string,
  planId: string,
  user: CurrentUser,
  options: ChangeOptions = {},
): Promise<ChangeOutcome> {
  const choices = await checkedForChange(subscriptionId);
  const target = choices.plans.find((p) => p.planId === planId);
  if (!target) throw new ExpectedError(`Plan ${planId} is not available for this subscription.`);
  if (target.current) throw new ExpectedError("That is already the subscription's plan.");
  return submitChange(
    subscriptionId,
    user,
    { action: "ChangePlan", targetPlanId: planId },
    (correlationId) => getMarketplaceClient().changePlan(subscriptionId, planId, { correlationId }),
    options,
  );
}

export async function requestSeatChange(
  subscriptionId: string,
  quantity: number,
  user: CurrentUser,
  options: ChangeOptions = {},
): Promise<ChangeOutcome> {
  const choices = await checkedForChange(subscriptionId);
  if (!choices.seats) throw new ExpectedError("This plan is not sold per seat.");
  const { min, max, current } = choices.seats;
  if (quantity === current) throw new ExpectedError(`The subscription already has ${current} seats.`);
  if (quantity < min || quantity > max)
    throw new ExpectedError(
      `Choose between ${min} and ${max} seats (the plan's limits); for more, change the plan first.`,
    );
  return submitChange(
    subscriptionId,
    user,
    { action: "ChangeQuantity", targetQuantity: quantity },
    (correlationId) => getMarketplaceClient().changeQuantity(subscriptionId, quantity, { correlationId }),
    options,
  );
}

export async function requestCancellation(
  subscriptionId: string,
  user: CurrentUser,
  options: ChangeOptions = {},
): Promise<ChangeOutcome> {
  const choices = await getActionChoices(subscriptionId);
  if (choices.cancelBlockedBy.length) throw new ExpectedError(choices.cancelBlockedBy.join(" "));
  return submitChange(
    subscriptionId,
    user,
    { action: "Unsubscribe" },
    (correlationId) => getMarketplaceClient().deleteSubscription(subscriptionId, { correlationId }),
    options,
  );
}

export async function activatePendingPurchase(
  subscriptionId: string,
  user: CurrentUser,
): Promise<"activated" | "already-active"> {
  try {
    return await activateAsOperator(subscriptionId, user);
  } catch (e) {
    if (e instanceof NotPendingError) throw new ExpectedError(e.message);
    if (isMarketplaceError(e) && e.kind !== "forbidden" && e.kind !== "configuration")
      throw new ExpectedError(`${e.message} The purchase was not activated.`);
    throw e;
  }
}
