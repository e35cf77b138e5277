// Fault injection: make the next N calls of an endpoint fail or hang, disturb webhook deliveries,
// expire issued tokens early. Faults live in memory only (a restart clears them).
import { z } from "zod";
import { newGuid } from "../core/ids";

export const ENDPOINTS = [
  "resolve",
  "activate",
  "get",
  "list",
  "listAvailablePlans",
  "patch",
  "delete",
  "getOperation",
  "patchOperation",
  "listOperations",
  "usageEvent",
  "batchUsageEvent",
  "usageEvents",
  "token",
] as const;

export type EndpointName = (typeof ENDPOINTS)[number];

/** Fault kinds that let the request be processed and only spoil its answer. */
export const AFTER_PROCESSING: readonly string[] = ["hang-after", "error-after", "reset-after"];

export const ZEndpointFaultInput = z
  .object({
    endpoint: z.enum(ENDPOINTS),
    /**
     * Before the request is processed: throttle = 429 with Retry-After, error = 500, hang = wait hangMs
     * then process and answer normally. After it is processed (the change is made at Microsoft, only its
     * answer goes wrong, as when a gateway times out): hang-after = hold the answer hangMs, error-after =
     * answer 500 instead, reset-after = close the connection without an answer.
     */
    kind: z.enum(["throttle", "error", "hang", "hang-after", "error-after", "reset-after"]),
    count: z.coerce.number().int().min(1).max(10_000).default(1),
    retryAfterSeconds: z.coerce.number().int().min(0).max(3600).default(1),
    hangMs: z.coerce.number().int().min(0).max(600_000).default(15_000),
  })
  .refine((f) => f.endpoint !== "token" || !AFTER_PROCESSING.includes(f.kind), {
    message: "hang-after, error-after and reset-after apply to the Marketplace API endpoints, not to token",
    path: ["kind"],
  });

export const ZWebhookFaultInput = z.object({
  /** drop = never sent; duplicate = sent twice; reorder = held until `count` are queued, then sent newest first. */
  kind: z.enum(["drop", "duplicate", "reorder"]),
  count: z.coerce.number().int().min(1).max(1000).default(1),
  /** reorder only: release whatever is held after this long even if fewer than `count` arrived. */
  holdMs: z.coerce.number().int().min(0).max(600_000).default(5_000),
});

/**
 * The next `count` usage events (single or in a batch) answer `status` without being recorded, as Microsoft
 * does for its own reasons (Error when it has a problem). Duplicate comes from real state, not from here.
 */
export const ZUsageItemFaultInput = z.object({
  status: z.enum([
    "Expired",
    "Error",
    "ResourceNotFound",
    "ResourceNotAuthorized",
    "ResourceNotActive",
    "InvalidDimension",
    "InvalidQuantity",
    "BadArgument",
  ]),
  count: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const ZExpireTokensInput = z.object({ tokens: z.enum(["access", "purchase", "all"]).default("all") });

export type EndpointFault = z.infer<typeof ZEndpointFaultInput> & { id: string; remaining: number; createdAt: string };
export type WebhookFault = z.infer<typeof ZWebhookFaultInput> & { id: string; remaining: number; createdAt: string };
export type UsageItemFault = z.infer<typeof ZUsageItemFaultInput> & {
  id: string;
  remaining: number;
  createdAt: string;
};

export type FaultRegistry = {
  addEndpointFault(input: z.infer<typeof ZEndpointFaultInput>): EndpointFault;
  /** The fault to apply to this call, if any (consumes one of its remaining calls). */
  takeEndpointFault(endpoint: EndpointName): EndpointFault | undefined;
  addWebhookFault(input: z.infer<typeof ZWebhookFaultInput>): WebhookFault;
  takeWebhookFault(): WebhookFault | undefined;
  addUsageItemFault(input: z.infer<typeof ZUsageItemFaultInput>): UsageItemFault;
  takeUsageItemFault(): UsageItemFault | undefined;
  /** Purchase tokens sealed at or before this instant (real ms) are treated as expired. */
  /** When purchase tokens were last expired: Marketplace time, and real time (see purchase-token.ts). */
  purchaseCutoff(): { ms: number; realMs: number } | undefined;
  setPurchaseCutoff(ms: number): void;
  list(): {
    endpoints: EndpointFault[];
    webhooks: WebhookFault[];
    usageItems: UsageItemFault[];
    purchaseTokensExpiredBefore?: string;
  };
  remove(id: string): boolean;
  clear(): void;
};

export function createFaultRegistry(): FaultRegistry {
  let endpoints: EndpointFault[] = [];
  let webhooks: WebhookFault[] = [];
  let usageItems: UsageItemFault[] = [];
  let purchaseCutoff: { ms: number; realMs: number } | undefined;
  const take = <T extends { remaining: number }>(list: T[], match: (fault: T) => boolean): T | undefined => {
    const fault = list.find((f) => f.remaining > 0 && match(f));
    if (fault) fault.remaining -= 1;
    return fault;
  };
  return {
    addEndpointFault(input) {
      const fault = { ...input, id: newGuid(), remaining: input.count, createdAt: new Date().toISOString() };
      endpoints.push(fault);
      return fault;
    },
    takeEndpointFault(endpoint) {
      const fault = take(endpoints, (f) => f.endpoint === endpoint);
      endpoints = endpoints.filter((f) => f.remaining > 0);
      return fault;
    },
    addWebhookFault(input) {
      const fault = { ...input, id: newGuid(), remaining: input.count, createdAt: new Date().toISOString() };
      webhooks.push(fault);
      return fault;
    },
    takeWebhookFault() {
      const fault = take(webhooks, () => true);
      webhooks = webhooks.filter((f) => f.remaining > 0);
      return fault;
    },
    addUsageItemFault(input) {
      const fault = { ...input, id: newGuid(), remaining: input.count, createdAt: new Date().toISOString() };
      usageItems.push(fault);
      return fault;
    },
    takeUsageItemFault() {
      const fault = take(usageItems, () => true);
      usageItems = usageItems.filter((f) => f.remaining > 0);
      return fault;
    },
    purchaseCutoff: () => purchaseCutoff,
    setPurchaseCutoff(ms) {
      purchaseCutoff = { ms, realMs: Date.now() };
    },
    list() {
      return {
        endpoints: [...endpoints],
        webhooks: [...webhooks],
        usageItems: [...usageItems],
        ...(purchaseCutoff !== undefined
          ? { purchaseTokensExpiredBefore: new Date(purchaseCutoff.ms).toISOString() }
          : {}),
      };
    },
    remove(id) {
      const before = endpoints.length + webhooks.length + usageItems.length;
      endpoints = endpoints.filter((f) => f.id !== id);
      webhooks = webhooks.filter((f) => f.id !== id);
      usageItems = usageItems.filter((f) => f.id !== id);
      return endpoints.length + webhooks.length + usageItems.length < before;
    },
    // Expiring tokens is an event, not a standing fault: clearing faults does not revive old tokens.
    clear() {
      endpoints = [];
      webhooks = [];
      usageItems = [];
    },
  };
}
