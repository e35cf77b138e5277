// Every SIM_* environment variable, validated once. The README's settings table mirrors this file.
import path from "node:path";
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);
const ms = z.coerce.number().int().min(0);
const url = z.url({ protocol: /^https?$/ });

/** Environment variable → setting. Each entry documents itself in the README table. */
const ZEnv = z.object({
  SIM_HTTPS_PORT: port.default(4010),
  SIM_HTTP_PORT: port.default(4011),
  /** The control API has no authentication, so the simulator binds to loopback unless told otherwise. */
  SIM_BIND_HOST: z.string().min(1).default("127.0.0.1"),
  SIM_CERT_DIR: z.string().min(1).default(".data/certs"),
  SIM_STATE_FILE: z.string().min(1).default(".data/simulator/state.json"),
  SIM_SEED_DIR: z.string().min(1).optional(),
  SIM_PORTAL_URL: url.default("http://localhost:3000"),
  SIM_LANDING_URL: url.optional(),
  SIM_WEBHOOK_URL: url.optional(),
  SIM_PUBLISHER_TENANT_ID: z.guid().optional(),
  SIM_PUBLISHER_ID: z.string().min(1).optional(),
  SIM_FULFILLMENT_CLIENT_ID: z.guid().optional(),
  SIM_FULFILLMENT_CLIENT_SECRET: z.string().min(1).optional(),
  SIM_SIGNIN_CLIENT_ID: z.guid().optional(),
  SIM_SIGNIN_CLIENT_SECRET: z.string().min(1).optional(),
  SIM_SIGNIN_REDIRECT_URIS: z.string().optional(),
  SIM_WEBHOOK_TOKEN_VERSION: z.enum(["1", "2"]).default("2"),
  /** Format of Marketplace API access tokens, whichever token endpoint issued them (Entra: the resource decides). */
  SIM_ACCESS_TOKEN_VERSION: z.enum(["1", "2"]).default("1"),
  SIM_ACK_WINDOW_MS: ms.default(10_000),
  SIM_OPERATION_DELAY_MS: ms.default(2_000),
  SIM_WEBHOOK_DELAY_MS: ms.default(0),
  SIM_WEBHOOK_TIMEOUT_MS: ms.min(1).default(10_000),
  SIM_WEBHOOK_RETRY_BASE_MS: ms.min(1).default(5_000),
  SIM_WEBHOOK_RETRY_MAX_DELAY_MS: ms.min(1).default(60_000),
  SIM_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(500),
  SIM_KEY_GRACE_MS: ms.default(86_400_000),
  SIM_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(1).default(3_599),
  SIM_PURCHASE_TOKEN_TTL_MS: ms.min(1).default(86_400_000),
  SIM_LIST_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  SIM_OPERATIONS_LIST_DELAY_MS: ms.default(0),
  SIM_SUBSCRIPTION_LAG_MS: ms.default(0),
  SIM_LOG: z.enum(["silent", "info", "debug"]).default("info"),
});

export type Settings = {
  httpsPort: number;
  httpPort: number;
  bindHost: string;
  /** Absolute directory holding localhost.pem / localhost-key.pem. */
  certDir: string;
  /** Absolute path of the JSON state file, or "memory". */
  stateFile: string;
  /** Absolute directory of identities.json, personas.json and offers.json. */
  seedDir: string;
  portalUrl: string;
  landingUrl: string;
  webhookUrl: string;
  /** Overrides of the identities seed file (undefined = keep the seed file's value). */
  identityOverrides: {
    publisherTenantId?: string;
    publisherId?: string;
    fulfillmentClientId?: string;
    fulfillmentClientSecret?: string;
    signInClientId?: string;
    signInClientSecret?: string;
  };
  extraRedirectUris: string[];
  webhookTokenVersion: 1 | 2;
  /** 1: `appid`, issuer `https://sts.windows.net/{tid}/` (what Entra issues for the Marketplace resource); 2: `azp`, v2 issuer. */
  accessTokenVersion: 1 | 2;
  ackWindowMs: number;
  operationDelayMs: number;
  webhookDelayMs: number;
  webhookTimeoutMs: number;
  webhookRetryBaseMs: number;
  webhookRetryMaxDelayMs: number;
  webhookMaxAttempts: number;
  keyGraceMs: number;
  tokenLifetimeSeconds: number;
  purchaseTokenTtlMs: number;
  listPageSize: number;
  operationsListDelayMs: number;
  /**
   * Get Subscription and List Subscriptions show a completed operation's effect only this long after it
   * completed (Microsoft's own emulator: SUBSCRIPTION_UPDATE_DELAY, 2 s); Get Operation says Succeeded at once.
   */
  subscriptionLagMs: number;
  log: "silent" | "info" | "debug";
};

const DEFAULT_SEED_DIR = path.join(import.meta.dirname, "seed");

function trimSlash(value: string): string {
  return value.replace(/\/+$/, "");
}

/** Reads and validates SIM_* variables; throws a readable error listing every invalid one. */
export function loadSettings(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Settings {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid simulator settings:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const portalUrl = trimSlash(e.SIM_PORTAL_URL);
  const stateFile = e.SIM_STATE_FILE === "memory" ? "memory" : path.resolve(cwd, e.SIM_STATE_FILE);
  return {
    httpsPort: e.SIM_HTTPS_PORT,
    httpPort: e.SIM_HTTP_PORT,
    bindHost: e.SIM_BIND_HOST,
    certDir: path.resolve(cwd, e.SIM_CERT_DIR),
    stateFile,
    seedDir: e.SIM_SEED_DIR ? path.resolve(cwd, e.SIM_SEED_DIR) : DEFAULT_SEED_DIR,
    portalUrl,
    landingUrl: e.SIM_LANDING_URL ?? `${portalUrl}/`,
    webhookUrl: e.SIM_WEBHOOK_URL ?? `${portalUrl}/api/webhooks/marketplace`,
    identityOverrides: {
      publisherTenantId: e.SIM_PUBLISHER_TENANT_ID,
      publisherId: e.SIM_PUBLISHER_ID,
      fulfillmentClientId: e.SIM_FULFILLMENT_CLIENT_ID,
      fulfillmentClientSecret: e.SIM_FULFILLMENT_CLIENT_SECRET,
      signInClientId: e.SIM_SIGNIN_CLIENT_ID,
      signInClientSecret: e.SIM_SIGNIN_CLIENT_SECRET,
    },
    extraRedirectUris: (e.SIM_SIGNIN_REDIRECT_URIS ?? "")
      .split(",")
      .map((uri) => uri.trim())
      .filter((uri) => uri.length > 0),
    webhookTokenVersion: e.SIM_WEBHOOK_TOKEN_VERSION === "1" ? 1 : 2,
    accessTokenVersion: e.SIM_ACCESS_TOKEN_VERSION === "2" ? 2 : 1,
    ackWindowMs: e.SIM_ACK_WINDOW_MS,
    operationDelayMs: e.SIM_OPERATION_DELAY_MS,
    webhookDelayMs: e.SIM_WEBHOOK_DELAY_MS,
    webhookTimeoutMs: e.SIM_WEBHOOK_TIMEOUT_MS,
    webhookRetryBaseMs: e.SIM_WEBHOOK_RETRY_BASE_MS,
    webhookRetryMaxDelayMs: e.SIM_WEBHOOK_RETRY_MAX_DELAY_MS,
    webhookMaxAttempts: e.SIM_WEBHOOK_MAX_ATTEMPTS,
    keyGraceMs: e.SIM_KEY_GRACE_MS,
    tokenLifetimeSeconds: e.SIM_TOKEN_LIFETIME_SECONDS,
    purchaseTokenTtlMs: e.SIM_PURCHASE_TOKEN_TTL_MS,
    listPageSize: e.SIM_LIST_PAGE_SIZE,
    operationsListDelayMs: e.SIM_OPERATIONS_LIST_DELAY_MS,
    subscriptionLagMs: e.SIM_SUBSCRIPTION_LAG_MS,
    log: e.SIM_LOG,
  };
}

/** SIM_* variables this simulator does not know (most likely typos). */
export function unknownSimVariables(env: Record<string, string | undefined> = process.env): string[] {
  const known = new Set(Object.keys(ZEnv.shape));
  return Object.keys(env).filter((name) => name.startsWith("SIM_") && !known.has(name));
}

/** Defaults (as if no SIM_* variable were set) with the given overrides; used by tests. */
export function resolveSettings(overrides: Partial<Settings> = {}): Settings {
  const base = loadSettings({});
  const merged: Settings = { ...base, ...overrides };
  if (overrides.portalUrl !== undefined) {
    merged.portalUrl = trimSlash(overrides.portalUrl);
    merged.landingUrl = overrides.landingUrl ?? `${merged.portalUrl}/`;
    merged.webhookUrl = overrides.webhookUrl ?? `${merged.portalUrl}/api/webhooks/marketplace`;
  }
  return merged;
}
