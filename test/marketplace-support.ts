/**
 * For the *.int.test.ts files of lib/marketplace (never imported by the portal): a client wired to a
 * simulator process, a logger whose output a test can read, and small control-API helpers.
 */
import { Writable } from "node:stream";
import { expect } from "vitest";
import type { Logger } from "pino";
import type { SimulatorProcess } from "./simulator";
import { SIM_IDENTITIES } from "./simulator";
import { createLogger } from "@/lib/log";
import { MarketplaceClient } from "@/lib/marketplace/client";
import { MarketplaceError } from "@/lib/marketplace/errors";
import type { RetryPolicy } from "@/lib/marketplace/retry";
import { createMsalTokenProvider, type ClientCredential, type TokenProvider } from "@/lib/marketplace/token";

/** Fast retries so that fault tests take seconds, not minutes. */
export const TEST_POLICY: Partial<RetryPolicy> = {
  attemptTimeoutMs: 2_000,
  deadlineMs: 20_000,
  baseDelayMs: 50,
  maxDelayMs: 200,
  maxRetryAfterMs: 5_000,
};

export type CapturedLog = { logger: Logger; text(): string; lines(): Record<string, unknown>[] };

/** A JSON logger at trace level whose every line the test can read back. */
export function captureLog(): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: "trace", format: "json", destination });
  const text = () => chunks.join("");
  return {
    logger,
    text,
    lines: () =>
      text()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export type SimClientOptions = {
  policy?: Partial<RetryPolicy>;
  logger?: Logger;
  clientId?: string;
  credential?: ClientCredential;
  /** Wraps the MSAL provider, e.g. to hand out a bad token first. */
  wrapTokens?: (tokens: TokenProvider) => TokenProvider;
};

/** A real client (MSAL, HTTPS) pointed at a simulator process, as getMarketplaceClient() is at Microsoft. */
export function simulatorClient(
  sim: SimulatorProcess,
  options: SimClientOptions = {},
): { client: MarketplaceClient; tokens: TokenProvider } {
  const logger = options.logger ?? createLogger({ level: "silent", format: "json" });
  const msal = createMsalTokenProvider({
    authorityHost: sim.httpsUrl,
    tenantId: SIM_IDENTITIES.publisherTenantId,
    clientId: options.clientId ?? SIM_IDENTITIES.fulfillmentClientId,
    credential: options.credential ?? { kind: "secret", secret: SIM_IDENTITIES.fulfillmentClientSecret },
    timeoutMs: options.policy?.attemptTimeoutMs ?? TEST_POLICY.attemptTimeoutMs ?? 2_000,
    logger,
  });
  const tokens = options.wrapTokens ? options.wrapTokens(msal) : msal;
  return {
    client: new MarketplaceClient({
      baseUrl: sim.apiUrl,
      tokens,
      logger,
      policy: { ...TEST_POLICY, ...options.policy },
    }),
    tokens,
  };
}

export type Purchase = { subscriptionId: string; token: string; landingUrl: string };

/** Buys a plan as a simulator persona (a PendingFulfillmentStart subscription and its purchase token). */
export async function purchase(sim: SimulatorProcess, input: Record<string, unknown> = {}): Promise<Purchase> {
  const res = await sim.control<Purchase>("POST", "/purchases", {
    personaId: "alice",
    offerId: "fabrikam-cloud",
    planId: "basic",
    ...input,
  });
  if (res.status !== 201) throw new Error(`purchase failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Makes the next `count` calls of a simulator endpoint fail (throttle, error) or hang; `-after` kinds process the call and spoil only its answer. */
export async function injectFault(
  sim: SimulatorProcess,
  fault: {
    endpoint: string;
    kind: "throttle" | "error" | "hang" | "hang-after" | "error-after" | "reset-after";
    count?: number;
    retryAfterSeconds?: number;
    hangMs?: number;
  },
): Promise<void> {
  const res = await sim.control("POST", "/faults", fault);
  if (res.status !== 201) throw new Error(`fault not accepted: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Calls of `endpoint` that consumed injected faults so far (GET /_sim/faults shows what is left). */
export async function remainingFaults(sim: SimulatorProcess, endpoint: string): Promise<number> {
  const res = await sim.control<{ endpoints: { endpoint: string; remaining: number }[] }>("GET", "/faults");
  return res.body.endpoints.filter((f) => f.endpoint === endpoint).reduce((sum, f) => sum + f.remaining, 0);
}

/**
 * Counts requests to the simulator's token endpoint from now on: a zero-length "hang" fault with a large
 * count changes nothing about the answer, and each token request uses up one of it.
 */
export async function countTokenRequests(sim: SimulatorProcess): Promise<() => Promise<number>> {
  const budget = 10_000;
  await injectFault(sim, { endpoint: "token", kind: "hang", hangMs: 0, count: budget });
  return async () => budget - (await remainingFaults(sim, "token"));
}

/** Awaits a call that must fail, and returns its MarketplaceError (the test fails on anything else). */
export async function rejection(promise: Promise<unknown>): Promise<MarketplaceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MarketplaceError);
  return error as MarketplaceError;
}
