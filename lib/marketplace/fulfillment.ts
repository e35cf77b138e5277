import "server-only";
import { randomUUID } from "node:crypto";
import type { components } from "./generated/saas-v2";
import {
  ZResolvedSubscription,
  ZSubscription,
  ZSubscriptionPlans,
  ZSubscriptionsResponse,
  type Plan,
  type ResolvedSubscription,
  type Subscription,
} from "./generated/saas-v2-schemas";
import type { CallOptions, HttpCore, HttpResponse } from "./http";
import { checkGuid, invalidResponse, readJson, refuse, validate } from "./parse";

/** SaaS Fulfillment API v2: subscriptions (resolve, activate, get, list, plans, change, cancel). */

type SubscriberPlan = components["schemas"]["SubscriberPlan"];

const SUBSCRIPTIONS = "/saas/subscriptions";
const ONE = `${SUBSCRIPTIONS}/{subscriptionId}`;

const correlation = (call?: CallOptions): string => call?.correlationId ?? randomUUID();

/** What a publisher-initiated change (PATCH, DELETE) gives back: Microsoft's operation to follow. */
export type OperationRef = {
  subscriptionId: string;
  /** From the Operation-Location header; undefined only if Microsoft left the header out. */
  operationId: string | undefined;
  /** The Operation-Location URL itself. */
  operationLocation: string | undefined;
  requestId: string;
  correlationId: string;
};

/** One page of List Subscriptions; `nextLink` is Microsoft's `@nextLink`, absent on the last page. */
export type SubscriptionPage = { subscriptions: Subscription[]; nextLink: string | undefined };

/**
 * Exchanges the landing page's purchase token for the subscription. The token is sent exactly as given:
 * the caller decodes the query string once (and restores a `+` that became a space); decoding again here
 * would corrupt tokens that contain `%`.
 */
export async function resolve(
  http: HttpCore,
  marketplaceToken: string,
  call?: CallOptions,
): Promise<ResolvedSubscription> {
  const operation = "resolve";
  // An empty or multi-line value cannot be a purchase token (and a header cannot carry a line break).
  if (marketplaceToken.trim() === "" || /[\r\n\0]/.test(marketplaceToken))
    throw refuse(operation, "The purchase token is empty or malformed; nothing was sent to Microsoft.");
  const response = await http.send({
    operation,
    method: "POST",
    route: `${SUBSCRIPTIONS}/resolve`,
    path: `${SUBSCRIPTIONS}/resolve`,
    headers: { "x-ms-marketplace-token": marketplaceToken },
    correlationId: correlation(call),
    call,
  });
  return validate(operation, response, ZResolvedSubscription, readJson(operation, response));
}

/**
 * Activates a purchase: billing starts. `quantity` only for per-seat plans (it must equal the purchased
 * seats; a flat-rate plan must not send one). Microsoft answers 200 with an empty body.
 * Retried like a read on timeouts and 5xx, unlike PATCH and DELETE: Microsoft activates a subscription at
 * most once (a second Activate is refused with 400 because it is already Subscribed, never billed twice),
 * and lib/landing/activate.ts treats that 400 with a Subscribed subscription as done.
 */
export async function activate(
  http: HttpCore,
  subscriptionId: string,
  plan: { planId: string; quantity?: number },
  call?: CallOptions,
): Promise<void> {
  const operation = "activate";
  checkGuid(operation, "subscription id", subscriptionId);
  if (plan.planId.trim() === "") throw refuse(operation, "A plan id is required to activate a subscription.");
  const body: SubscriberPlan = {
    planId: plan.planId,
    ...(plan.quantity !== undefined ? { quantity: plan.quantity } : {}),
  };
  await http.send({
    operation,
    method: "POST",
    route: `${ONE}/activate`,
    path: `${SUBSCRIPTIONS}/${subscriptionId}/activate`,
    body,
    correlationId: correlation(call),
    call,
  });
}

export async function getSubscription(
  http: HttpCore,
  subscriptionId: string,
  call?: CallOptions,
): Promise<Subscription> {
  const operation = "getSubscription";
  checkGuid(operation, "subscription id", subscriptionId);
  const response = await http.send({
    operation,
    method: "GET",
    route: ONE,
    path: `${SUBSCRIPTIONS}/${subscriptionId}`,
    correlationId: correlation(call),
    call,
  });
  return validate(operation, response, ZSubscription, readJson(operation, response));
}

/**
 * Every subscription of the publisher (all statuses), page by page (100 per page), following `@nextLink`
 * exactly as Microsoft gives it. With no subscriptions Microsoft sends an empty body: one empty page.
 * All pages share one correlation id.
 */
export async function* listSubscriptionPages(
  http: HttpCore,
  call?: CallOptions,
): AsyncGenerator<SubscriptionPage, void, undefined> {
  const operation = "listSubscriptions";
  const correlationId = correlation(call);
  const origin = new URL(http.baseUrl).origin;
  const seen = new Set<string>();
  let path = `${SUBSCRIPTIONS}/`;
  for (;;) {
    const response = await http.send({ operation, method: "GET", route: SUBSCRIPTIONS, path, correlationId, call });
    const body = readJson(operation, response);
    const page =
      body === undefined ? { subscriptions: [] } : validate(operation, response, ZSubscriptionsResponse, body);
    const nextLink = page["@nextLink"];
    yield { subscriptions: page.subscriptions ?? [], nextLink };
    if (!nextLink) return;
    path = checkNextLink(operation, response, nextLink, origin, seen);
  }
}

/**
 * The bearer token goes wherever `@nextLink` points, so it must stay on the API's own origin; a link seen
 * before would page forever.
 */
function checkNextLink(
  operation: string,
  response: HttpResponse,
  nextLink: string,
  origin: string,
  seen: Set<string>,
): string {
  let url: URL;
  try {
    url = new URL(nextLink);
  } catch {
    throw invalidResponse(operation, response, "@nextLink is not an absolute URL");
  }
  if (url.origin !== origin) throw invalidResponse(operation, response, "@nextLink points outside the marketplace API");
  if (seen.has(nextLink)) throw invalidResponse(operation, response, "@nextLink repeats an earlier page");
  seen.add(nextLink);
  return nextLink;
}

/** Every subscription, one at a time, across all pages. */
export async function* listSubscriptions(
  http: HttpCore,
  call?: CallOptions,
): AsyncGenerator<Subscription, void, undefined> {
  for await (const page of listSubscriptionPages(http, call)) yield* page.subscriptions;
}

/**
 * The plans the subscription's beneficiary may switch to, the current one included. With `planId` (the
 * purchased plan) only that plan, with `sourceOffers` naming the private offer it was bought through.
 */
export async function listAvailablePlans(
  http: HttpCore,
  subscriptionId: string,
  filter: { planId?: string } = {},
  call?: CallOptions,
): Promise<Plan[]> {
  const operation = "listAvailablePlans";
  checkGuid(operation, "subscription id", subscriptionId);
  const response = await http.send({
    operation,
    method: "GET",
    route: `${ONE}/listAvailablePlans`,
    path: `${SUBSCRIPTIONS}/${subscriptionId}/listAvailablePlans`,
    query: { planId: filter.planId },
    correlationId: correlation(call),
    call,
  });
  const body = readJson(operation, response); // older docs: an empty body instead of a list
  return body === undefined ? [] : (validate(operation, response, ZSubscriptionPlans, body).plans ?? []);
}

/**
 * Publisher-initiated plan change (202, asynchronous): apply it on our side only once the operation succeeded.
 * Sent at most once when it may have reached Microsoft: a failure then carries `outcomeUnknown` (see http.ts).
 */
export async function changePlan(
  http: HttpCore,
  subscriptionId: string,
  planId: string,
  call?: CallOptions,
): Promise<OperationRef> {
  if (planId.trim() === "") throw refuse("changePlan", "A plan id is required.");
  return patch(http, "changePlan", subscriptionId, { planId }, call);
}

/** Publisher-initiated seat change (202, asynchronous). Plan and quantity never go in one request (400). */
export async function changeQuantity(
  http: HttpCore,
  subscriptionId: string,
  quantity: number,
  call?: CallOptions,
): Promise<OperationRef> {
  if (!Number.isInteger(quantity) || quantity < 1)
    throw refuse("changeQuantity", "The quantity must be a whole number of at least 1.");
  return patch(http, "changeQuantity", subscriptionId, { quantity }, call);
}

async function patch(
  http: HttpCore,
  operation: string,
  subscriptionId: string,
  body: SubscriberPlan,
  call?: CallOptions,
): Promise<OperationRef> {
  checkGuid(operation, "subscription id", subscriptionId);
  const response = await http.send({
    operation,
    method: "PATCH",
    route: ONE,
    path: `${SUBSCRIPTIONS}/${subscriptionId}`,
    body,
    idempotent: false,
    correlationId: correlation(call),
    call,
  });
  return operationRef(subscriptionId, response);
}

/**
 * Publisher-initiated cancellation (202, asynchronous); Microsoft then sends the Unsubscribe webhook. Like
 * PATCH, never sent twice once it may have reached Microsoft (a second DELETE gets 409 while the first runs).
 */
export async function deleteSubscription(
  http: HttpCore,
  subscriptionId: string,
  call?: CallOptions,
): Promise<OperationRef> {
  const operation = "deleteSubscription";
  checkGuid(operation, "subscription id", subscriptionId);
  const response = await http.send({
    operation,
    method: "DELETE",
    route: ONE,
    path: `${SUBSCRIPTIONS}/${subscriptionId}`,
    idempotent: false,
    correlationId: correlation(call),
    call,
  });
  return operationRef(subscriptionId, response);
}

/** `Operation-Location: …/saas/subscriptions/{id}/operations/{operationId}?api-version=…` */
function operationRef(subscriptionId: string, response: HttpResponse): OperationRef {
  const location = response.headers.get("operation-location") ?? undefined;
  let operationId: string | undefined;
  if (location) {
    try {
      const segment = /\/operations\/([^/]+)\/?$/.exec(new URL(location).pathname)?.[1];
      operationId = segment === undefined ? undefined : decodeURIComponent(segment);
    } catch {
      operationId = undefined;
    }
  }
  return {
    subscriptionId,
    operationId,
    operationLocation: location,
    requestId: response.requestId,
    correlationId: response.correlationId,
  };
}
