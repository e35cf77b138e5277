import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { getEnv } from "./env";

/**
 * The portal's logger. JSON in production, readable locally. Secrets, tokens, cookies and personal
 * data are removed by configuration (pino's `redact`), so a careless `log.info({ headers })` cannot leak
 * them; callers still should not log them. Every line written inside a request carries its request id.
 */

/** Keys whose values never reach a log line, at any of the first four levels of nesting. */
const SENSITIVE_KEYS = [
  "authorization", "cookie", "set-cookie", "x-ms-marketplace-token",
  "token", "accessToken", "access_token", "idToken", "id_token", "refreshToken", "refresh_token", "purchaseToken", "marketplaceToken",
  "secret", "clientSecret", "client_secret", "password", "authSecret", "code_verifier",
  "email", "emailId", "preferred_username", "upn", "userPrincipalName",
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SENSITIVE_KEYS) {
    const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    const dot = k.startsWith("[") ? "" : ".";
    paths.push(k, `*${dot}${k}`, `*.*${dot}${k}`, `*.*.*${dot}${k}`);
  }
  return paths;
}

type RequestContext = { requestId: string };
const requestContext = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with a request id that every log line written inside it carries. */
export function withRequestId<T>(requestId: string | null | undefined, fn: () => T): T {
  return requestContext.run({ requestId: sanitizeRequestId(requestId) ?? randomUUID() }, fn);
}

/** The current request id, if any. */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** Accepts a caller's request id only if it looks like one (it is echoed into logs and headers). */
export function sanitizeRequestId(value: string | null | undefined): string | undefined {
  return value && /^[\w.:-]{1,100}$/.test(value) ? value : undefined;
}

/** Builds a logger; tests pass their own destination to capture the output. */
export function createLogger(options: { level?: string; format?: "json" | "pretty"; destination?: DestinationStream } = {}): Logger {
  const format = options.format ?? "json";
  const stream =
    options.destination ??
    (format === "pretty"
      ? pretty({ colorize: process.stdout.isTTY, sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" })
      : pino.destination({ sync: false }));
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "portal" },
      redact: { paths: redactPaths(), censor: "[redacted]" },
      mixin() {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      serializers: { err: pino.stdSerializers.err },
    },
    stream,
  );
}

let instance: Logger | undefined;

/** The process-wide logger, configured from lib/env. */
export function getLog(): Logger {
  if (!instance) {
    const env = getEnv();
    instance = createLogger({ level: env.logLevel, format: env.logFormat });
  }
  return instance;
}

type LogMethod = Logger["info"];

/** `log.info(...)` shorthand that creates the logger on first use (after configuration is validated). */
export const log: Record<"trace" | "debug" | "info" | "warn" | "error" | "fatal", LogMethod> & { child(bindings: Record<string, unknown>): Logger } = {
  trace: (...a: Parameters<LogMethod>) => getLog().trace(...a),
  debug: (...a: Parameters<LogMethod>) => getLog().debug(...a),
  info: (...a: Parameters<LogMethod>) => getLog().info(...a),
  warn: (...a: Parameters<LogMethod>) => getLog().warn(...a),
  error: (...a: Parameters<LogMethod>) => getLog().error(...a),
  fatal: (...a: Parameters<LogMethod>) => getLog().fatal(...a),
  child: (bindings) => getLog().child(bindings),
};
