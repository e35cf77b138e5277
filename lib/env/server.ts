import { z } from "zod";
import { LOCAL_DEFAULTS } from "./defaults";
import { isLoopbackHost, isLoopbackUrl } from "./net-address";
import { isLocalValue, optionalText, refuse, trimSlashes, whenWellFormed, withPortalMode } from "./shared";

/** The portal's process: mode, where it is reached and listens, its session secret, its logs. */
const variables = withPortalMode.extend({
  /** Public base URL of the portal, as buyers and Microsoft reach it. */
  PORTAL_URL: z.url().optional(),
  /** Port the portal listens on. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface the portal listens on (local: loopback only). */
  HOST: optionalText,
  /** Secret that signs and encrypts sessions (at least 32 characters in production). */
  AUTH_SECRET: optionalText,
  /** trace | debug | info | warn | error | fatal | silent */
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** `json` (production default) or `pretty` (local default). */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /**
   * On SIGTERM/SIGINT, how long the server (and `npm run worker`) may take to finish its requests and jobs
   * before it exits anyway. Keep it below the platform's grace period (Azure Container Apps: 30 s by default).
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  /**
   * On SIGTERM/SIGINT, how long the server keeps serving after readiness turned 503, before it stops
   * accepting: the time a load balancer needs to see the probe fail and stop sending (0: close at once).
   */
  SHUTDOWN_READINESS_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
});

function toServer(v: z.output<typeof variables>) {
  const local = v.PORTAL_MODE === "local";
  return {
    mode: v.PORTAL_MODE,
    isProduction: !local,
    portalUrl: trimSlashes(v.PORTAL_URL ?? `http://localhost:${v.PORT}`),
    port: v.PORT,
    host: v.HOST ?? (local ? "127.0.0.1" : "0.0.0.0"),
    authSecret: v.AUTH_SECRET ?? (local ? LOCAL_DEFAULTS.authSecret : ""),
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT ?? (local ? "pretty" : "json"),
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    shutdownReadinessDelayMs: v.SHUTDOWN_READINESS_DELAY_MS,
  };
}

function refusals(v: z.output<typeof variables>): string[] {
  const s = toServer(v);
  const p: string[] = [];
  // Anyone who can reach the portal could forge a session with a secret published in this repository.
  if (s.mode === "local" && s.authSecret === LOCAL_DEFAULTS.authSecret && !isLoopbackHost(s.host)) {
    p.push(
      `HOST=${s.host} makes the portal reachable from other machines, but AUTH_SECRET is the published local value: anyone could forge a session. Start it with \`npm start\` (which generates a local secret into .data/), set AUTH_SECRET, or listen on 127.0.0.1.`,
    );
  }
  if (s.shutdownReadinessDelayMs >= s.shutdownTimeoutMs && s.shutdownReadinessDelayMs > 0)
    p.push(
      `SHUTDOWN_READINESS_DELAY_MS (${s.shutdownReadinessDelayMs}) must be shorter than SHUTDOWN_TIMEOUT_MS (${s.shutdownTimeoutMs}): the requests and jobs need time to finish after it.`,
    );
  if (!s.isProduction) return p;
  if (!s.authSecret) p.push("AUTH_SECRET is required (at least 32 random characters, e.g. `openssl rand -base64 48`).");
  else if (s.authSecret.length < 32) p.push("AUTH_SECRET is too short: use at least 32 random characters.");
  else if (isLocalValue(s.authSecret)) p.push("AUTH_SECRET is the local development value: generate a new secret.");
  if (!s.portalUrl.startsWith("https://"))
    p.push(
      `PORTAL_URL must be the portal's public https:// URL (Microsoft only calls https landing pages and webhooks); it is ${s.portalUrl}.`,
    );
  else if (isLoopbackUrl(s.portalUrl))
    p.push("PORTAL_URL points at this machine (localhost): set the public URL buyers and Microsoft reach.");
  if (s.logFormat === "pretty") p.push("LOG_FORMAT=pretty is local-only: production logs are JSON.");
  return p;
}

export const ZServerSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform(toServer);
