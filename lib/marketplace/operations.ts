import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { components } from "./generated/saas-v2";
import { ZOperationList, ZSaaSOperation, type SaaSOperation } from "./generated/saas-v2-schemas";
import type { CallOptions, HttpCore } from "./http";
import { checkGuid, readJson, validate } from "./parse";

/** Operations API: the asynchronous changes behind webhooks and publisher PATCH/DELETE calls. */

type UpdateOperation = components["schemas"]["UpdateOperation"];

const OPERATIONS = "/saas/subscriptions/{subscriptionId}/operations";
const correlation = (call?: CallOptions): string => call?.correlationId ?? randomUUID();

// Microsoft documents `{ "operations": [...] }`; its own emulator answers with a bare array. Accept both.
const ZOperations = z.union([z.array(ZSaaSOperation), ZOperationList]);

/** Operations waiting for the publisher's acknowledgement (InProgress); an empty list when there are none. */
export async function listOperations(
  http: HttpCore,
  subscriptionId: string,
  call?: CallOptions,
): Promise<SaaSOperation[]> {
  const operation = "listOperations";
  checkGuid(operation, "subscription id", subscriptionId);
  const response = await http.send({
    operation,
    method: "GET",
    route: OPERATIONS,
    path: `/saas/subscriptions/${subscriptionId}/operations`,
    correlationId: correlation(call),
    call,
  });
  const body = readJson(operation, response); // "empty json" when there are none
  if (body === undefined) return [];
  const parsed = validate(operation, response, ZOperations, body);
  return Array.isArray(parsed) ? parsed : (parsed.operations ?? []);
}

/** One operation: how a webhook is confirmed, and how a publisher change is followed to its end. */
export async function getOperation(
  http: HttpCore,
  subscriptionId: string,
  operationId: string,
  call?: CallOptions,
): Promise<SaaSOperation> {
  const operation = "getOperation";
  checkGuid(operation, "subscription id", subscriptionId);
  checkGuid(operation, "operation id", operationId);
  const response = await http.send({
    operation,
    method: "GET",
    route: `${OPERATIONS}/{operationId}`,
    path: `/saas/subscriptions/${subscriptionId}/operations/${operationId}`,
    correlationId: correlation(call),
    call,
  });
  return validate(operation, response, ZSaaSOperation, readJson(operation, response));
}

/**
 * Accepts (`Success`) or rejects (`Failure`) a ChangePlan/ChangeQuantity/Reinstate within Microsoft's
 * 10-second window. 409 (no longer in progress) is a `conflict` error. Never for operations the publisher
 * started itself: Microsoft answers those with 500.
 * Retried on timeouts and 5xx, unlike PATCH/DELETE of a subscription: sending the same answer again cannot
 * change a different thing — if the first one landed, the second gets 409, which the webhook handlers
 * already read as "no longer in progress" (and check the operation's final status).
 */
export async function updateOperation(
  http: HttpCore,
  subscriptionId: string,
  operationId: string,
  status: "Success" | "Failure",
  call?: CallOptions,
): Promise<void> {
  const operation = "updateOperation";
  checkGuid(operation, "subscription id", subscriptionId);
  checkGuid(operation, "operation id", operationId);
  const body: UpdateOperation = { status };
  await http.send({
    operation,
    method: "PATCH",
    route: `${OPERATIONS}/{operationId}`,
    path: `/saas/subscriptions/${subscriptionId}/operations/${operationId}`,
    body,
    correlationId: correlation(call),
    call,
  });
}
