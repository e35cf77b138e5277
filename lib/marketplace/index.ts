import "server-only";

/**
 * lib/marketplace: the only code of the portal that talks to Microsoft (SaaS Fulfillment API v2, Metering
 * API, and client-credential tokens from Entra ID). Types come from Microsoft's OpenAPI files
 * (generated/, regenerate with `npx tsx scripts/gen-marketplace.ts`).
 */

export { MarketplaceClient, getMarketplaceClient, type MarketplaceClientOptions } from "./client";
export { MarketplaceError, isMarketplaceError, type MarketplaceErrorKind, type MicrosoftErrorBody } from "./errors";
export type { OperationRef, SubscriptionPage } from "./fulfillment";
export { API_VERSION, type CallOptions } from "./http";
export {
  MAX_BATCH_EVENTS,
  type BatchUsageResult,
  type UsageEventInput,
  type UsageEventResult,
  type UsageEventsQuery,
} from "./metering";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
export {
  isKnownSubscriptionStatus,
  toSubscriptionSnapshot,
  type KnownSubscriptionStatus,
  type SubscriptionSnapshot,
} from "./snapshot";
export {
  createWebhookTokenValidator,
  getWebhookTokenValidator,
  webhookIssuers,
  webhookJwksUrl,
  type WebhookTokenFailure,
  type WebhookTokenResult,
  type WebhookTokenValidator,
} from "./webhook-token";
export {
  MARKETPLACE_SCOPE,
  certificateCredentialFromPem,
  createMsalTokenProvider,
  type AccessToken,
  type ClientCredential,
  type TokenProvider,
} from "./token";
export type { OpenEnum } from "./lenient";
export {
  OperationActionEnumValues,
  OperationStatusEnumValues,
  SubscriptionStatusEnumValues,
  TermUnitValues,
  type AadIdentifier,
  type OperationActionEnum,
  type OperationStatusEnum,
  type Plan,
  type ResolvedSubscription,
  type SaaSOperation,
  type Subscription,
  type SubscriptionStatusEnum,
  type TermUnit,
} from "./generated/saas-v2-schemas";
export {
  StatusEnumValues as UsageEventStatusValues,
  type GetUsageEvent,
  type UsageBatchEventOkMessage,
  type UsageEventOkResponse,
} from "./generated/metering-v1-schemas";
