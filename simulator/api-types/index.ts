// Named aliases for the types generated from Microsoft's OpenAPI files (never retyped by hand).
import type { components as SaasComponents } from "./saas-v2";
import type { components as MeteringComponents } from "./metering-v1";

type Saas = SaasComponents["schemas"];
type Metering = MeteringComponents["schemas"];

export type Subscription = Saas["Subscription"];
export type ResolvedSubscription = Saas["ResolvedSubscription"];
export type SubscriptionsResponse = Saas["SubscriptionsResponse"];
export type AadIdentifier = Saas["AadIdentifier"];
export type Plan = Saas["Plan"];
export type SubscriptionPlans = Saas["SubscriptionPlans"];
export type RecurrentBillingTerm = Saas["RecurrentBillingTerm"];
export type MeteringDimension = Saas["MeteringDimension"];
export type SubscriberPlan = Saas["SubscriberPlan"];
export type UpdateOperation = Saas["UpdateOperation"];
export type OperationList = Saas["OperationList"];
export type SaaSOperation = Saas["SaaSOperation"];
export type FulfillmentInternalServerErrorResponse = Saas["FulfillmentInternalServerErrorResponse"];
export type TermUnit = Saas["TermUnit"];
export type SubscriptionStatus = NonNullable<Subscription["saasSubscriptionStatus"]>;
export type AllowedCustomerOperation = NonNullable<Subscription["allowedCustomerOperations"]>[number];
export type SpecOperationAction = NonNullable<SaaSOperation["action"]>;
export type OperationStatus = NonNullable<SaaSOperation["status"]>;

export type UsageEvent = Metering["UsageEvent"];
export type BatchUsageEvent = Metering["BatchUsageEvent"];
export type UsageEventOkResponse = Metering["UsageEventOkResponse"];
export type UsageBatchEventOkMessage = Metering["UsageBatchEventOkMessage"];
export type BatchUsageEventOkResponse = Metering["BatchUsageEventOkResponse"];
export type UsageEventConflictResponse = Metering["UsageEventConflictResponse"];
export type UsageEventBadRequestResponse = Metering["UsageEventBadRequestResponse"];
export type GetUsageEvent = Metering["GetUsageEvent"];
export type UsageEventStatus = NonNullable<UsageBatchEventOkMessage["status"]>;
export type ReconStatus = NonNullable<GetUsageEvent["reconStatus"]>;

/**
 * Microsoft added `Subscribe` (auto-activation plans, 2025–2026) after the June 2025 OpenAPI file,
 * whose action enum still lacks it.
 */
export type OperationAction = SpecOperationAction | "Subscribe";

/** The well-known Marketplace SaaS API application (audience of every Fulfillment/Metering token). */
export const MARKETPLACE_RESOURCE_ID = "20e940b3-4c77-4b0b-9a53-9e16a1b010a7";
/** Microsoft's fixed tenant id for personal Microsoft accounts (MSA). */
export const MSA_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";
/** The only api-version of both Fulfillment v2 and Metering. */
export const API_VERSION = "2018-08-31";
