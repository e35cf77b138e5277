import { z } from "zod";
import * as L from "@/lib/marketplace/lenient";
import { OperationStatusEnumValues } from "@/lib/marketplace/generated/saas-v2-schemas";
import { isGuid } from "@/lib/domain/ids";

/**
 * The body Microsoft POSTs (reference §6.4), parsed leniently: Microsoft adds actions (Subscribe in 2025,
 * maybe Transfer) and fields without notice, numbers arrive as strings, and its own emulator spells the
 * source `operationRequestedSource`. Only what the portal cannot work without is required: the operation
 * id (the inbox key), the subscription id and the action. Everything else is a hint to be confirmed with
 * Microsoft's Operations API; the raw JSON is kept as received.
 */

export const KNOWN_ACTIONS = [
  "Subscribe",
  "ChangePlan",
  "ChangeQuantity",
  "Suspend",
  "Reinstate",
  "Renew",
  "Unsubscribe",
] as const;
export type KnownAction = (typeof KNOWN_ACTIONS)[number];

const guid = () => L.required(L.text()).refine((v) => isGuid(v), "not a GUID");
const source = () => L.optional(L.openEnum(["Azure", "Partner"] as const));

const ZWebhookPayload = L.object({
  id: guid(),
  subscriptionId: guid(),
  action: L.required(L.openEnum(KNOWN_ACTIONS)),
  activityId: L.optional(L.text()),
  publisherId: L.optional(L.text()),
  offerId: L.optional(L.text()),
  planId: L.optional(L.text()),
  quantity: L.optional(L.int()),
  timeStamp: L.optional(L.dateTime()),
  status: L.optional(L.openEnum(OperationStatusEnumValues)),
  operationRequestSource: source(),
  operationRequestedSource: source(),
  // The embedded snapshot (pre- or post-change, absent in old payloads): only a fallback when Microsoft
  // does not answer in time, and the term before a Renew.
  subscription: L.optional(
    L.object({
      offerId: L.optional(L.text()),
      planId: L.optional(L.text()),
      quantity: L.optional(L.int()),
      term: L.optional(L.object({ startDate: L.optional(L.dateTime()), endDate: L.optional(L.dateTime()) })),
    }),
  ),
});

export type WebhookPayload = Omit<
  z.output<typeof ZWebhookPayload>,
  "operationRequestSource" | "operationRequestedSource"
> & {
  /** `Azure` (the customer or CSP, through Microsoft) or `Partner` (the publisher's own PATCH/DELETE). */
  source: string | undefined;
};

export type ParsedPayload =
  { ok: true; payload: WebhookPayload; raw: Record<string, unknown> } | { ok: false; problem: string };

export function isKnownAction(action: string): action is KnownAction {
  return (KNOWN_ACTIONS as readonly string[]).includes(action);
}

export function parsePayload(text: string): ParsedPayload {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: "the body is not JSON" };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return { ok: false, problem: "the body is not a JSON object" };
  const parsed = ZWebhookPayload.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      problem: parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; "),
    };
  const { operationRequestSource, operationRequestedSource, ...rest } = parsed.data;
  const payload: WebhookPayload = {
    ...rest,
    id: rest.id.toLowerCase(),
    subscriptionId: rest.subscriptionId.toLowerCase(),
    source: operationRequestSource ?? operationRequestedSource,
  };
  return { ok: true, payload, raw: raw as Record<string, unknown> };
}
