/**
 * Well-known values. LOCAL_DEFAULTS match the simulator's seed (simulator/seed/) so that the portal
 * works with nothing configured; production refuses every one of them.
 */
export const LOCAL_DEFAULTS = {
  authSecret: "local-only-session-secret-do-not-use-in-production",
  authorityHost: "https://localhost:4010",
  apiUrl: "https://localhost:4010/api",
  publisherTenantId: "c0ffee00-0000-4000-8000-000000000001",
  fulfillmentClientId: "c0ffee00-0000-4000-8000-0000000000f1",
  fulfillmentClientSecret: "local-fulfillment-secret",
  signinClientId: "c0ffee00-0000-4000-8000-0000000000a2",
  signinClientSecret: "local-signin-secret",
  simulatorPagesUrl: "http://localhost:4011",
} as const;

export const MICROSOFT_DEFAULTS = {
  authorityHost: "https://login.microsoftonline.com",
  apiUrl: "https://marketplaceapi.microsoft.com/api",
} as const;

/** The Marketplace SaaS API application: the token audience for Fulfillment and Metering, the same for every publisher. */
export const MARKETPLACE_RESOURCE_ID = "20e940b3-4c77-4b0b-9a53-9e16a1b010a7";

/** Tenant id of personal Microsoft accounts (MSA) in Entra ID tokens. */
export const MSA_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";
