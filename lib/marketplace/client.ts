import "server-only";
import fs from "node:fs";
import type { Logger } from "pino";
import { getEnv } from "../env";
import { getLog } from "../log";
import * as fulfillment from "./fulfillment";
import type { OperationRef, SubscriptionPage } from "./fulfillment";
import type { Plan, ResolvedSubscription, SaaSOperation, Subscription } from "./generated/saas-v2-schemas";
import type { GetUsageEvent } from "./generated/metering-v1-schemas";
import { createHttpCore, type CallOptions, type HttpCore } from "./http";
import * as metering from "./metering";
import type { BatchUsageResult, UsageEventInput, UsageEventResult, UsageEventsQuery } from "./metering";
import * as operations from "./operations";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
import {
  certificateCredentialFromPem,
  createMsalTokenProvider,
  type ClientCredential,
  type TokenProvider,
} from "./token";

export type MarketplaceClientOptions = {
  /** `https://marketplaceapi.microsoft.com/api`, or the simulator's `/api`. */
  baseUrl: string;
  tokens: TokenProvider;
  /** Retry, timeout and deadline settings; unset fields keep DEFAULT_RETRY_POLICY's. */
  policy?: Partial<RetryPolicy>;
  /** Defaults to the portal's logger. */
  logger?: Logger;
  /** For tests of jitter: the random source of the backoff. */
  random?: () => number;
};

/**
 * Typed client for every call of the SaaS Fulfillment API v2 and the Metering API. Every method sends
 * x-ms-requestid and x-ms-correlationid, retries 429/5xx/network failures with backoff, and throws
 * MarketplaceError (see errors.ts) for anything the caller has to handle. Exception: changePlan,
 * changeQuantity and deleteSubscription are never sent twice once they may have reached Microsoft; such a
 * failure has `outcomeUnknown` set and the caller must look for the operation (List operations, Get).
 */
export class MarketplaceClient {
  private readonly http: HttpCore;
  readonly policy: RetryPolicy;

  constructor(options: MarketplaceClientOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    const child = options.logger?.child({ component: "marketplace" });
    let lazy: Logger | undefined;
    this.http = createHttpCore({
      baseUrl: options.baseUrl,
      tokens: options.tokens,
      policy: this.policy,
      logger: () => child ?? (lazy ??= getLog().child({ component: "marketplace" })),
      random: options.random,
    });
  }

  /** Landing page: purchase token (decoded once, sent as given) → subscription. 400 = expired or tampered token. */
  resolve(marketplaceToken: string, call?: CallOptions): Promise<ResolvedSubscription> {
    return fulfillment.resolve(this.http, marketplaceToken, call);
  }

  /** Starts billing. Pass `quantity` only for per-seat plans. */
  activate(subscriptionId: string, plan: { planId: string; quantity?: number }, call?: CallOptions): Promise<void> {
    return fulfillment.activate(this.http, subscriptionId, plan, call);
  }

  getSubscription(subscriptionId: string, call?: CallOptions): Promise<Subscription> {
    return fulfillment.getSubscription(this.http, subscriptionId, call);
  }

  /** Every subscription page by page, following `@nextLink`. */
  listSubscriptionPages(call?: CallOptions): AsyncGenerator<SubscriptionPage, void, undefined> {
    return fulfillment.listSubscriptionPages(this.http, call);
  }

  /** Every subscription of the publisher, in every status, across all pages. */
  listSubscriptions(call?: CallOptions): AsyncGenerator<Subscription, void, undefined> {
    return fulfillment.listSubscriptions(this.http, call);
  }

  listAvailablePlans(subscriptionId: string, filter?: { planId?: string }, call?: CallOptions): Promise<Plan[]> {
    return fulfillment.listAvailablePlans(this.http, subscriptionId, filter, call);
  }

  changePlan(subscriptionId: string, planId: string, call?: CallOptions): Promise<OperationRef> {
    return fulfillment.changePlan(this.http, subscriptionId, planId, call);
  }

  changeQuantity(subscriptionId: string, quantity: number, call?: CallOptions): Promise<OperationRef> {
    return fulfillment.changeQuantity(this.http, subscriptionId, quantity, call);
  }

  deleteSubscription(subscriptionId: string, call?: CallOptions): Promise<OperationRef> {
    return fulfillment.deleteSubscription(this.http, subscriptionId, call);
  }

  listOperations(subscriptionId: string, call?: CallOptions): Promise<SaaSOperation[]> {
    return operations.listOperations(this.http, subscriptionId, call);
  }

  getOperation(subscriptionId: string, operationId: string, call?: CallOptions): Promise<SaaSOperation> {
    return operations.getOperation(this.http, subscriptionId, operationId, call);
  }

  updateOperation(
    subscriptionId: string,
    operationId: string,
    status: "Success" | "Failure",
    call?: CallOptions,
  ): Promise<void> {
    return operations.updateOperation(this.http, subscriptionId, operationId, status, call);
  }

  /** One usage event; a duplicate (409) is a result carrying the event Microsoft accepted earlier. */
  usageEvent(event: UsageEventInput, call?: CallOptions): Promise<UsageEventResult> {
    return metering.usageEvent(this.http, event, call);
  }

  /** 1–25 usage events; inspect each result's `status`. */
  batchUsageEvent(events: readonly UsageEventInput[], call?: CallOptions): Promise<BatchUsageResult> {
    return metering.batchUsageEvent(this.http, events, call);
  }

  getUsageEvents(query: UsageEventsQuery, call?: CallOptions): Promise<GetUsageEvent[]> {
    return metering.getUsageEvents(this.http, query, call);
  }
}

let instance: MarketplaceClient | undefined;

/** The portal's client, configured from lib/env (Microsoft in production, the simulator locally). */
export function getMarketplaceClient(): MarketplaceClient {
  if (instance) return instance;
  const env = getEnv();
  const logger = getLog();
  const { marketplace } = env;
  const credential: ClientCredential = marketplace.clientCertificatePath
    ? certificateCredentialFromPem(fs.readFileSync(marketplace.clientCertificatePath, "utf8"))
    : { kind: "secret", secret: marketplace.clientSecret };
  const policy = {
    ...DEFAULT_RETRY_POLICY,
    attemptTimeoutMs: marketplace.timeoutMs,
    maxAttempts: marketplace.maxAttempts,
    deadlineMs: marketplace.deadlineMs,
  };
  const tokens = createMsalTokenProvider({
    authorityHost: env.entra.authorityHost,
    tenantId: marketplace.tenantId,
    clientId: marketplace.clientId,
    credential,
    timeoutMs: marketplace.timeoutMs,
    logger,
  });
  instance = new MarketplaceClient({ baseUrl: marketplace.apiUrl, tokens, logger, policy });
  return instance;
}
