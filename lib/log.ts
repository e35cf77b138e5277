import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { getEnv } from "./env";

/**
 * The portal's logger. JSON in production, readable locally. Secrets, tokens, cookies and personal
 * data are removed by key at any depth (`scrub`), so a careless `log.info({ headers })` cannot leak
 * them; callers still should not log them. Every line written inside a request carries its request id.
 */

/** Keys whose values never reach a log line, at any depth (compared without case). */
const SENSITIVE_KEYS = new Set(
  [
    "authorization",
    "cookie",
    "set-cookie",
    "referer", // same-origin requests carry the landing URL, purchase token included
    "x-ms-marketplace-token",
    "token",
    "accessToken",
    "access_token",
    "idToken",
    "id_token",
    "refreshToken",
    "refresh_token",
    "purchaseToken",
    "marketplaceToken",
    "secret",
    "clientSecret",
    "client_secret",
    "password",
    "authSecret",
    "code_verifier",
    "email",
    "emailId",
    "preferred_username",
    "upn",
    "userPrincipalName",
  ].map((k) => k.toLowerCase()),
);
const CENSOR = "[redacted]";
/** Deeper than any line the portal writes: what lies below is dropped, unread (this also ends cycles). */
const MAX_DEPTH = 8;

/**
 * A copy of `value` with every sensitive key's value replaced, or `value` itself when it holds none.
 * Why not pino's `redact`: its wildcard paths (needed for "at any depth") cost about 0.1 ms per line,
 * measured as the largest single cost of a webhook delivery after the database (bench/webhook.ts);
 * this walk of a small object costs microseconds.
 */
export function scrub<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]" as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const clean = scrub(item, depth + 1);
      if (clean !== item) (copy ??= [...value])[i] = clean;
    });
    return (copy ?? value) as T;
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  // An error anywhere: its type, message, stack and fields (what pino writes for `err`), then scrubbed.
  if (value instanceof Error) return scrub(pino.stdSerializers.err(value), depth) as T;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const clean = SENSITIVE_KEYS.has(key.toLowerCase()) && item !== undefined ? CENSOR : scrub(item, depth + 1);
    if (clean !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = clean;
  }
  return (copy ?? value) as T;
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
export function createLogger(
  options: { level?: string; format?: "json" | "pretty"; destination?: DestinationStream } = {},
): Logger {
  const format = options.format ?? "json";
  const stream =
    options.destination ??
    (format === "pretty"
      ? pretty({ colorize: process.stdout.isTTY, sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" })
      : // Synchronous, pino's own default. The asynchronous destination flushes at exit with sonic-boom's
        // flushSync, which retries a failed write for ever (4.2: every error, EPIPE included, sleeping 100 ms
        // each time): with stdout's reader gone, a process that logged just before process.exit never
        // exited (an end-to-end portal outlived its run by hours). A write per line costs a few microseconds.
        pino.destination({ sync: true }));
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "portal" },
      formatters: { log: (object) => scrub(object), bindings: (bindings) => scrub(bindings) },
      mixin() {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      // `formatters.log` has already turned errors into scrubbed plain objects: this serializes the rest.
      serializers: { err: (err) => (err instanceof Error ? scrub(pino.stdSerializers.err(err)) : err) },
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
export const log: Record<"trace" | "debug" | "info" | "warn" | "error" | "fatal", LogMethod> & {
  child(bindings: Record<string, unknown>): Logger;
} = {
  trace: (...a: Parameters<LogMethod>) => getLog().trace(...a),
  debug: (...a: Parameters<LogMethod>) => getLog().debug(...a),
  info: (...a: Parameters<LogMethod>) => getLog().info(...a),
  warn: (...a: Parameters<LogMethod>) => getLog().warn(...a),
  error: (...a: Parameters<LogMethod>) => getLog().error(...a),
  fatal: (...a: Parameters<LogMethod>) => getLog().fatal(...a),
  child: (bindings) => getLog().child(bindings),
};
