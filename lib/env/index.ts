import fs from "node:fs";
import { z } from "zod";
import { LOCAL_DEFAULTS, MICROSOFT_DEFAULTS } from "./defaults";
import { isLoopbackHost, isLoopbackUrl } from "./net-address";

/**
 * The portal's configuration: the only module that reads `process.env`.
 *
 * Two modes. `local` (the default) needs nothing: the embedded database, and Microsoft played by the
 * simulator. `production` needs real settings and refuses to start with local-only or missing ones,
 * naming each problem. Validation is lazy (first `getEnv()` call) so that `next build` can run
 * without production secrets; the server validates at start (instrumentation.ts, scripts/start.ts).
 */

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** What the portal answers to a customer's plan or seat change: everything, nothing, or only upgrades. */
export const CHANGE_POLICIES = ["accept", "refuse", "upgrades"] as const;
export type ChangePolicy = (typeof CHANGE_POLICIES)[number];

const schema = z.object({
  /** `local` (default) or `production`. */
  PORTAL_MODE: z.enum(["local", "production"]).default("local"),
  /** Public base URL of the portal, as buyers and Microsoft reach it. */
  PORTAL_URL: z.url().optional(),
  /** Port the portal listens on. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface the portal listens on (local: loopback only). */
  HOST: optionalText,
  /** Secret that signs and encrypts sessions (at least 32 characters in production). */
  AUTH_SECRET: optionalText,
  /** PostgreSQL server URL. Unset in local mode: the embedded database (PGlite) is used. */
  DATABASE_URL: optionalText,
  /** Connections per portal process. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Named (server-side prepared) statements for the webhook's hot statements; `false` behind a pooler that cannot keep them. */
  DB_PREPARED_STATEMENTS: bool.default(true),
  /** Folder of the embedded database (local mode); `memory://` keeps it in memory. */
  PGLITE_DIR: z.string().default(".data/pglite"),
  /** Loopback port on which the embedded database speaks the PostgreSQL protocol (0: any free port). */
  PGLITE_PORT: z.coerce.number().int().min(0).max(65535).default(5433),
  /** trace | debug | info | warn | error | fatal | silent */
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** `json` (production default) or `pretty` (local default). */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** Microsoft Entra ID host: login.microsoftonline.com, or the simulator locally. */
  ENTRA_AUTHORITY_HOST: z.url().optional(),
  /** Tenant of the landing-page sign-in: `common` lets work, school and personal accounts in. */
  ENTRA_SIGNIN_TENANT: z.string().trim().min(1).default("common"),
  /** Landing-page sign-in app (multi-tenant): application (client) id. */
  ENTRA_SIGNIN_CLIENT_ID: optionalText,
  /** Landing-page sign-in app: client secret. */
  ENTRA_SIGNIN_CLIENT_SECRET: optionalText,
  /** Publisher tenant id (Partner Center, Technical configuration). */
  MARKETPLACE_TENANT_ID: optionalText,
  /** Fulfillment app (single-tenant) client id, as entered in Partner Center. */
  MARKETPLACE_CLIENT_ID: optionalText,
  /** Fulfillment app client secret. */
  MARKETPLACE_CLIENT_SECRET: optionalText,
  /** Instead of the secret: path of a PEM file with the fulfillment app's certificate and private key. */
  MARKETPLACE_CLIENT_CERTIFICATE: optionalText,
  /** Base URL of the Fulfillment and Metering APIs. */
  MARKETPLACE_API_URL: z.url().optional(),
  /** Time allowed for one call to Microsoft (Entra or the API), per attempt. */
  MARKETPLACE_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** Attempts per call, the first included (429, 5xx, timeouts and network errors are retried). */
  MARKETPLACE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  /** Time allowed for a call to Microsoft with all its retries. */
  MARKETPLACE_DEADLINE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Path of the landing page Microsoft opens with ?token= (Partner Center: Landing page URL = PORTAL_URL + this). */
  LANDING_PATH: z.string().trim().regex(/^\/[\w\-./]*$/, "must be a path such as / or /signup (no # or query)").default("/"),
  /** Where "Open the app" sends the buyer after activation; `{subscriptionId}` is replaced. */
  SAAS_APP_URL_TEMPLATE: optionalText,
  /** Extra fields asked on the landing page, as JSON: [{"name","label","type":"text|email|tel","required"}]. */
  LANDING_FIELDS: optionalText,
  /** Someone signed in from neither the purchaser's nor the beneficiary's tenant (personal accounts: neither person) opens a purchase link: `refuse` (default) or `warn` (they may confirm; staff see it). */
  LANDING_TENANT_MISMATCH: z.enum(["refuse", "warn"]).default("refuse"),
  /** Tenant whose Entra app-role assignments (Portal.Owner / Portal.Operator / Portal.Viewer) count; default: MARKETPLACE_TENANT_ID. */
  ADMIN_TENANT_ID: optionalText,
  /** Allow-lists (comma-separated): e-mail or object id of a user in ADMIN_TENANT_ID, or `tenantId/objectId` for anyone. */
  ADMIN_OWNERS: optionalText,
  ADMIN_OPERATORS: optionalText,
  ADMIN_VIEWERS: optionalText,
  /** Minutes between scheduled reconciliations with Microsoft (0: only on demand). */
  RECONCILE_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  /** Largest webhook body accepted, in bytes (Microsoft's are about 2 KB); a larger one is answered 413. */
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
  /** Customer plan and seat changes (ChangePlan/ChangeQuantity webhooks): accept | refuse | upgrades. */
  WEBHOOK_CHANGE_POLICY: z.enum(CHANGE_POLICIES).default("accept"),
  /** Plans from lowest to highest (`planId` or `offerId/planId`, comma-separated): what `upgrades` compares. */
  WEBHOOK_PLAN_ORDER: optionalText,
  /** Rules per current plan, JSON: {"<planId or offerId/planId>": "refuse" | {"plan": "upgrades", "quantity": "accept"}}. */
  WEBHOOK_PLAN_RULES: optionalText,
  /** Reinstatement after a fixed payment (Reinstate webhook): accept | refuse (refusing cancels the subscription). */
  WEBHOOK_REINSTATE_POLICY: z.enum(["accept", "refuse"]).default("accept"),
  /** Start the Microsoft simulator beside the portal (local mode default: true). */
  SIMULATOR: bool.optional(),
  /** Where the simulator's browser pages are (its marketplace), linked from the portal in local mode. */
  SIMULATOR_PAGES_URL: z.url().optional(),
});

export type Env = {
  mode: "local" | "production";
  isProduction: boolean;
  portalUrl: string;
  port: number;
  host: string;
  authSecret: string;
  /** Undefined locally until the embedded database is started (scripts/start.ts sets it). */
  databaseUrl: string | undefined;
  dbPoolMax: number;
  /** Off on the embedded database regardless (lib/db.ts: one session shared by every connection). */
  dbPreparedStatements: boolean;
  pgliteDir: string;
  pglitePort: number;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  logFormat: "json" | "pretty";
  entra: { authorityHost: string; signinTenant: string; signinClientId: string; signinClientSecret: string };
  marketplace: {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    /** Path of a PEM with certificate and private key; used instead of the secret when set. */
    clientCertificatePath: string | undefined;
    apiUrl: string;
    timeoutMs: number;
    maxAttempts: number;
    deadlineMs: number;
  };
  admin: { tenantId: string; owners: string[]; operators: string[]; viewers: string[] };
  landing: { path: string; appUrlTemplate: string | undefined; fields: LandingField[]; tenantMismatch: "refuse" | "warn" };
  reconcile: { intervalMinutes: number };
  webhook: WebhookSettings;
  simulator: { enabled: boolean; pagesUrl: string | undefined };
};

export type WebhookSettings = {
  maxBodyBytes: number;
  /** For plan changes (`plan`) and seat changes (`quantity`) of subscriptions no rule names. */
  changePolicy: ChangePolicy;
  /** Plan keys (`planId` or `offerId/planId`), lowest first. */
  planOrder: string[];
  /** Per current plan key: the policy for its plan and seat changes. */
  planRules: Record<string, { plan: ChangePolicy; quantity: ChangePolicy }>;
  reinstatePolicy: "accept" | "refuse";
};

const ZPlanRule = z.union([z.enum(CHANGE_POLICIES), z.strictObject({ plan: z.enum(CHANGE_POLICIES).optional(), quantity: z.enum(CHANGE_POLICIES).optional() })]);

function parseWebhookSettings(v: z.infer<typeof schema>): { webhook: WebhookSettings } | { problem: string } {
  const planOrder = (v.WEBHOOK_PLAN_ORDER ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  let json: unknown;
  try {
    json = JSON.parse(v.WEBHOOK_PLAN_RULES ?? "{}");
  } catch {
    return { problem: 'WEBHOOK_PLAN_RULES is not valid JSON: expected e.g. {"enterprise":"refuse","pro-seats":{"plan":"upgrades"}}.' };
  }
  const rules = z.record(z.string().trim().min(1), ZPlanRule).safeParse(json);
  if (!rules.success) return { problem: `WEBHOOK_PLAN_RULES: ${rules.error.issues.map((i) => `${i.path.join(".") || "rules"} ${i.message}`).join("; ")}` };
  const fallback = v.WEBHOOK_CHANGE_POLICY;
  const planRules = Object.fromEntries(
    Object.entries(rules.data).map(([key, rule]) => [key, typeof rule === "string" ? { plan: rule, quantity: rule } : { plan: rule.plan ?? fallback, quantity: rule.quantity ?? fallback }]),
  );
  // Without an order every plan change would be refused under `upgrades`: a silent lock-in, so refuse to start.
  const needsOrder = fallback === "upgrades" || Object.values(planRules).some((r) => r.plan === "upgrades");
  if (needsOrder && planOrder.length === 0) return { problem: "WEBHOOK_PLAN_ORDER is required when plan changes are decided by `upgrades`: list the plans from lowest to highest, e.g. basic,pro-seats,enterprise." };
  return { webhook: { maxBodyBytes: v.WEBHOOK_MAX_BODY_BYTES, changePolicy: fallback, planOrder, planRules, reinstatePolicy: v.WEBHOOK_REINSTATE_POLICY } };
}

const landingFieldSchema = z.object({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, "a name of letters, digits and _"),
  label: z.string().trim().min(1).max(80),
  type: z.enum(["text", "email", "tel"]).default("text"),
  required: z.boolean().default(false),
  maxLength: z.number().int().min(1).max(500).default(200),
});
export type LandingField = z.infer<typeof landingFieldSchema>;

/** By default the landing page asks for the buyer's organization (optional). */
const DEFAULT_LANDING_FIELDS = '[{"name":"companyName","label":"Company or organization","type":"text","required":false}]';

function parseLandingFields(raw: string | undefined): { fields: LandingField[] } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? DEFAULT_LANDING_FIELDS);
  } catch {
    return { problem: 'LANDING_FIELDS is not valid JSON: expected e.g. [{"name":"companyName","label":"Company","required":true}].' };
  }
  const parsed = z.array(landingFieldSchema).max(10).safeParse(json);
  if (!parsed.success) return { problem: `LANDING_FIELDS: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}` };
  const names = parsed.data.map((f) => f.name);
  if (new Set(names).size !== names.length || names.includes("contactEmail")) {
    return { problem: "LANDING_FIELDS: field names must be unique, and contactEmail is built in (asked when the account has no e-mail)." };
  }
  return { fields: parsed.data };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The portal cannot start: its configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example and the README's configuration table.`);
    this.name = "ConfigError";
  }
}

const list = (value: string | undefined) => (value ?? "").split(",").map((v) => v.trim().toLowerCase()).filter(Boolean);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Entra's multi-tenant aliases: not a tenant, so no user's `tid` is ever one of them. */
const TENANT_ALIASES = ["common", "organizations", "consumers"];

/** What both modes refuse: settings that would open the portal to anyone. */
function unsafeInAnyMode(env: Env): string[] {
  const p: string[] = [];
  if (TENANT_ALIASES.includes(env.admin.tenantId)) {
    p.push(`ADMIN_TENANT_ID cannot be "${env.admin.tenantId}": it must be your publisher tenant's id (a GUID), the only tenant whose app roles and e-mail addresses count for staff roles.`);
  }
  // Anyone who can reach the portal could forge a session with a secret published in this repository.
  if (env.mode === "local" && env.authSecret === LOCAL_DEFAULTS.authSecret && !isLoopbackHost(env.host)) {
    p.push(`HOST=${env.host} makes the portal reachable from other machines, but AUTH_SECRET is the published local value: anyone could forge a session. Start it with \`npm start\` (which generates a local secret into .data/), set AUTH_SECRET, or listen on 127.0.0.1.`);
  }
  return p;
}

/** Parses a configuration source; returns the problems instead of throwing. */
export function parseEnv(source: Record<string, string | undefined>): { env: Env; problems: [] } | { env?: undefined; problems: string[] } {
  const blank = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = schema.safeParse(blank);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => `${i.path.join(".") || "configuration"}: ${i.message}`) };
  }
  const v = parsed.data;
  const local = v.PORTAL_MODE === "local";
  const d = local ? LOCAL_DEFAULTS : MICROSOFT_DEFAULTS;
  const webhook = parseWebhookSettings(v);
  if ("problem" in webhook) return { problems: [webhook.problem] };
  const env: Env = {
    mode: v.PORTAL_MODE,
    isProduction: !local,
    portalUrl: (v.PORTAL_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, ""),
    port: v.PORT,
    host: v.HOST ?? (local ? "127.0.0.1" : "0.0.0.0"),
    authSecret: v.AUTH_SECRET ?? (local ? LOCAL_DEFAULTS.authSecret : ""),
    databaseUrl: v.DATABASE_URL,
    dbPoolMax: v.DB_POOL_MAX,
    dbPreparedStatements: v.DB_PREPARED_STATEMENTS,
    pgliteDir: v.PGLITE_DIR,
    pglitePort: v.PGLITE_PORT,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT ?? (local ? "pretty" : "json"),
    entra: {
      authorityHost: (v.ENTRA_AUTHORITY_HOST ?? d.authorityHost).replace(/\/+$/, ""),
      signinTenant: v.ENTRA_SIGNIN_TENANT,
      signinClientId: v.ENTRA_SIGNIN_CLIENT_ID ?? (local ? LOCAL_DEFAULTS.signinClientId : ""),
      signinClientSecret: v.ENTRA_SIGNIN_CLIENT_SECRET ?? (local ? LOCAL_DEFAULTS.signinClientSecret : ""),
    },
    marketplace: {
      tenantId: v.MARKETPLACE_TENANT_ID ?? (local ? LOCAL_DEFAULTS.publisherTenantId : ""),
      clientId: v.MARKETPLACE_CLIENT_ID ?? (local ? LOCAL_DEFAULTS.fulfillmentClientId : ""),
      clientSecret: v.MARKETPLACE_CLIENT_SECRET ?? (local && !v.MARKETPLACE_CLIENT_CERTIFICATE ? LOCAL_DEFAULTS.fulfillmentClientSecret : ""),
      clientCertificatePath: v.MARKETPLACE_CLIENT_CERTIFICATE,
      apiUrl: (v.MARKETPLACE_API_URL ?? d.apiUrl).replace(/\/+$/, ""),
      timeoutMs: v.MARKETPLACE_TIMEOUT_MS,
      maxAttempts: v.MARKETPLACE_MAX_ATTEMPTS,
      deadlineMs: v.MARKETPLACE_DEADLINE_MS,
    },
    landing: { path: v.LANDING_PATH, appUrlTemplate: v.SAAS_APP_URL_TEMPLATE, fields: [], tenantMismatch: v.LANDING_TENANT_MISMATCH },
    reconcile: { intervalMinutes: v.RECONCILE_INTERVAL_MINUTES },
    webhook: webhook.webhook,
    admin: {
      tenantId: "",
      owners: list(v.ADMIN_OWNERS),
      operators: list(v.ADMIN_OPERATORS),
      viewers: list(v.ADMIN_VIEWERS),
    },
    simulator: {
      enabled: v.SIMULATOR ?? local,
      pagesUrl: local ? (v.SIMULATOR_PAGES_URL ?? LOCAL_DEFAULTS.simulatorPagesUrl).replace(/\/+$/, "") : undefined,
    },
  };
  env.admin.tenantId = (v.ADMIN_TENANT_ID ?? env.marketplace.tenantId).toLowerCase();
  const fields = parseLandingFields(v.LANDING_FIELDS);
  if ("problem" in fields) return { problems: [fields.problem] };
  env.landing.fields = fields.fields;
  if (env.landing.appUrlTemplate && !URL.canParse(env.landing.appUrlTemplate.replaceAll("{subscriptionId}", "x"))) {
    return { problems: ["SAAS_APP_URL_TEMPLATE must be a URL, e.g. https://app.example.com/start?subscription={subscriptionId}."] };
  }
  const problems = [...unsafeInAnyMode(env), ...(local ? [] : productionProblems(env))];
  return problems.length ? { problems } : { env, problems: [] };
}

/** What production refuses: anything missing, local-only, or unsafe. */
function productionProblems(env: Env): string[] {
  const p: string[] = [];
  const localValues = new Set<string>(Object.values(LOCAL_DEFAULTS));
  if (!env.authSecret) p.push("AUTH_SECRET is required (at least 32 random characters, e.g. `openssl rand -base64 48`).");
  else if (env.authSecret.length < 32) p.push("AUTH_SECRET is too short: use at least 32 random characters.");
  else if (localValues.has(env.authSecret)) p.push("AUTH_SECRET is the local development value: generate a new secret.");
  if (!env.databaseUrl) p.push("DATABASE_URL is required: production runs on a PostgreSQL server (the embedded database is local-only).");
  else if (!/^postgres(ql)?:\/\//.test(env.databaseUrl)) p.push("DATABASE_URL must be a postgresql:// URL.");
  if (!env.portalUrl.startsWith("https://")) p.push(`PORTAL_URL must be the portal's public https:// URL (Microsoft only calls https landing pages and webhooks); it is ${env.portalUrl}.`);
  else if (isLoopbackUrl(env.portalUrl)) p.push("PORTAL_URL points at this machine (localhost): set the public URL buyers and Microsoft reach.");
  const required: [string, string][] = [
    ["ENTRA_SIGNIN_CLIENT_ID", env.entra.signinClientId],
    ["ENTRA_SIGNIN_CLIENT_SECRET", env.entra.signinClientSecret],
    ["MARKETPLACE_TENANT_ID", env.marketplace.tenantId],
    ["MARKETPLACE_CLIENT_ID", env.marketplace.clientId],
    ...(env.marketplace.clientCertificatePath ? [] : ([["MARKETPLACE_CLIENT_SECRET", env.marketplace.clientSecret]] as [string, string][])),
  ];
  for (const [name, value] of required) {
    if (!value) p.push(name === "MARKETPLACE_CLIENT_SECRET" ? "MARKETPLACE_CLIENT_SECRET (or MARKETPLACE_CLIENT_CERTIFICATE) is required in production." : `${name} is required in production.`);
    else if (localValues.has(value)) p.push(`${name} is the simulator's local value: use your Entra app registration's.`);
    else if (name.endsWith("_ID") && !GUID.test(value)) p.push(`${name} must be a GUID (Entra shows it as the "Directory (tenant) ID" or "Application (client) ID"); it is ${value}.`);
  }
  // (When it defaults to MARKETPLACE_TENANT_ID, that one's own check has said it.)
  if (env.admin.tenantId && env.admin.tenantId !== env.marketplace.tenantId.toLowerCase() && !TENANT_ALIASES.includes(env.admin.tenantId) && !GUID.test(env.admin.tenantId)) {
    p.push(`ADMIN_TENANT_ID must be your publisher tenant's id, a GUID; it is ${env.admin.tenantId}.`);
  }
  if (env.marketplace.clientCertificatePath && !fs.existsSync(env.marketplace.clientCertificatePath)) {
    p.push(`MARKETPLACE_CLIENT_CERTIFICATE names a file that does not exist: ${env.marketplace.clientCertificatePath}.`);
  }
  // Tokens and client secrets travel to these: never in clear text, never to this machine.
  for (const [name, url, what] of [["ENTRA_AUTHORITY_HOST", env.entra.authorityHost, "Microsoft Entra ID"], ["MARKETPLACE_API_URL", env.marketplace.apiUrl, "Microsoft's API"]] as const) {
    if (!url.startsWith("https://")) p.push(`${name} must be an https:// URL (client secrets and tokens are sent to it); it is ${url}. Unset it to use ${what}.`);
    else if (isLoopbackUrl(url)) p.push(`${name} points at the local simulator (${url}): unset it to use ${what}.`);
  }
  if (env.landing.appUrlTemplate && !env.landing.appUrlTemplate.startsWith("https://")) p.push("SAAS_APP_URL_TEMPLATE must be an https:// URL in production.");
  if (env.simulator.enabled) p.push("SIMULATOR=true is local-only: the simulator must not run beside a production portal.");
  if (env.logFormat === "pretty") p.push("LOG_FORMAT=pretty is local-only: production logs are JSON.");
  return p;
}

/** True under `next dev` (Next.js sets NODE_ENV): React's development build needs eval (lib/http/security-headers.ts). */
export const isDevServer = (): boolean => process.env.NODE_ENV === "development";

let cached: Env | undefined;

/** The validated configuration; throws ConfigError (listing every problem) when it is unusable. */
export function getEnv(): Env {
  if (cached) return cached;
  if (typeof window !== "undefined") throw new Error("lib/env is server-only.");
  const result = parseEnv(process.env);
  if (!result.env) throw new ConfigError(result.problems);
  cached = result.env;
  return cached;
}

/** Tests change process.env between cases; production never calls this. */
export function resetEnvCache(): void {
  cached = undefined;
}
