// Fulfillment API v2 read side and activation: resolve, activate, list (paged), listAvailablePlans.
import type { Plan } from "../api-types";
import type { SimContext } from "../context";
import type { SubscriptionRecord } from "../core/state";
import { publisherSubscriptions } from "../core/subscription-index";
import { availablePlans, toApiPlan } from "./catalog";
import { findSubscription } from "./operations";
import { openPurchaseToken } from "./purchase-token";
import { fail, isRecord, ok, parseQuantity, type Result } from "./result";
import { termDates } from "./term";

const TOKEN_HEADER = "x-ms-marketplace-token";

export function notFound(id: string): Result<never> {
  return fail(404, "EntityNotFound", `Subscription ${id} not found`, "subscriptionId");
}

/** Resolve works for subscriptions in every status (landing page "Manage account" visits too). */
export function resolvePurchaseToken(ctx: SimContext, token: string | undefined): Result<SubscriptionRecord> {
  if (token === undefined || token === "")
    return fail(400, "HeaderNotPresent", "Mandatory header missing", TOKEN_HEADER);
  const opened = openPurchaseToken(ctx.purchaseTokenKey, token);
  // The message Microsoft's real API gives for undecryptable tokens (azure-docs#50086).
  if (!opened.ok)
    return fail(400, "InvalidValue", "Failed to decrypt token with either primary or secondary secret", TOKEN_HEADER);
  const { payload } = opened;
  const cutoff = ctx.faults.purchaseCutoff();
  const expiredEarly =
    cutoff !== undefined &&
    (payload.issuedAtRealMs !== undefined ? payload.issuedAtRealMs <= cutoff.realMs : payload.issuedAtMs <= cutoff.ms);
  if (payload.expiresAtMs <= ctx.clock.nowMs() || expiredEarly) {
    return fail(400, "InvalidValue", "The marketplace token has expired", TOKEN_HEADER);
  }
  const sub = findSubscription(ctx, payload.subscriptionId);
  return sub ? ok(sub) : notFound(payload.subscriptionId);
}

export function activate(ctx: SimContext, id: string, body: unknown): Result<SubscriptionRecord> {
  const sub = findSubscription(ctx, id);
  if (!sub || sub.status === "Unsubscribed") return notFound(id);
  const planId = isRecord(body) ? body.planId : undefined;
  if (typeof planId !== "string" || planId === "") return fail(400, "BadArgument", "The plan id is required", "planId");
  if (sub.status !== "PendingFulfillmentStart")
    return fail(400, "BadArgument", `Subscription ${sub.id} is already ${sub.status}`, "subscriptionId");
  if (planId !== sub.planId)
    return fail(400, "BadArgument", "The plan id should match the purchased plan id", "planId");
  const quantity = parseQuantity(isRecord(body) ? body.quantity : undefined);
  if (quantity === "invalid") return fail(400, "BadArgument", "The quantity must be a positive integer", "quantity");
  if (quantity !== undefined && sub.quantity === undefined)
    return fail(400, "BadArgument", `Plan ${sub.planId} is not a per-seat plan; send no quantity`, "quantity");
  if (quantity !== undefined && quantity !== sub.quantity)
    return fail(400, "BadArgument", "The quantity should match the purchased quantity", "quantity");
  sub.status = "Subscribed";
  sub.term = { termUnit: sub.term.termUnit, ...termDates(sub.term.termUnit, ctx.clock.now()) };
  ctx.store.changed();
  return ok(sub);
}

/**
 * Continuation tokens look like the Cosmos DB ones Microsoft returns (a JSON blob, URL-encoded in
 * @nextLink); the offset travels in TRC.
 */
export function encodeContinuation(offset: number): string {
  const rid = Buffer.from(`sub-${offset}`).toString("base64");
  return JSON.stringify({
    token: `+RID:~${rid}#RT:${Math.ceil(offset / 100)}#TRC:${offset}#ISV:2#IEO:65567#QCF:8`,
    range: { min: "", max: "FF" },
  });
}

export function decodeContinuation(token: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(token);
    const inner = isRecord(parsed) && typeof parsed.token === "string" ? parsed.token : "";
    const match = /#TRC:(\d+)#/.exec(inner);
    return match?.[1] !== undefined ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export type ListPage = { kind: "empty" } | { kind: "page"; items: SubscriptionRecord[]; nextOffset?: number };

/** All subscriptions of the publisher in every status (Unsubscribed included: never deleted). */
export function listPage(ctx: SimContext, continuationToken: string | undefined): Result<ListPage> {
  const all = publisherSubscriptions(ctx.store.state.subscriptions, ctx.seed.publisher.publisherId);
  // Documented quirk: a publisher without subscriptions gets an empty body, not {"subscriptions":[]}.
  if (all.length === 0) return ok({ kind: "empty" });
  let offset = 0;
  if (continuationToken !== undefined) {
    const decoded = decodeContinuation(continuationToken);
    if (decoded === undefined)
      return fail(400, "BadArgument", "The continuation token is invalid", "continuationToken");
    offset = decoded;
  }
  const size = ctx.settings.listPageSize;
  const items = all.slice(offset, offset + size);
  return ok({ kind: "page", items, ...(offset + size < all.length ? { nextOffset: offset + size } : {}) });
}

export function listAvailablePlans(ctx: SimContext, id: string, planIdFilter: string | undefined): Result<Plan[]> {
  const sub = findSubscription(ctx, id);
  if (!sub) return notFound(id);
  const plans = availablePlans(ctx, sub);
  if (planIdFilter === undefined) return ok(plans.map((plan) => toApiPlan(plan)));
  // With the filter, an unknown plan gives an empty list; the purchased plan names its private offer.
  const plan = plans.find((p) => p.planId === planIdFilter);
  if (!plan) return ok([]);
  const privateOfferId = plan.planId === sub.planId ? sub.sim.privateOfferId : undefined;
  return ok([toApiPlan(plan, privateOfferId ? [{ externalId: privateOfferId }] : [])]);
}
