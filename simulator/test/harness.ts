// Test harness: a simulator on random ports with compressed timings, a webhook receiver, an HTTPS client
// trusting the simulator's certificate, and helpers that check every Marketplace API response against
// Microsoft's OpenAPI files.
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startSimulator, type RunningSimulator } from "../server";
import type { Settings } from "../settings";
import { createTrustedFetch, type FetchLike } from "./https-fetch";
import { createContract, type Contract } from "./openapi-contract";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

export const PUBLISHER_TENANT = "c0ffee00-0000-4000-8000-000000000001";
export const CONTOSO = "c0ffee00-0000-4000-8000-00000000c001";
export const NORTHWIND = "c0ffee00-0000-4000-8000-00000000c002";
export const MSA = "9188040d-6c67-4c5b-b112-36a304b66dad";
export const FULFILLMENT = { id: "c0ffee00-0000-4000-8000-0000000000f1", secret: "local-fulfillment-secret" };
export const SIGN_IN = { id: "c0ffee00-0000-4000-8000-0000000000a2", secret: "local-signin-secret" };
export const MARKETPLACE = "20e940b3-4c77-4b0b-9a53-9e16a1b010a7";
export const REDIRECT_URI = "http://localhost:3000/api/auth/callback/azure-ad";
/** Shared by every test file (each runs in its own process): also exercises the certificate lock. */
export const CERT_DIR = path.join(os.tmpdir(), "marketplace-simulator-test-certs");

export const FAST: Partial<Settings> = {
  httpsPort: 0,
  httpPort: 0,
  stateFile: "memory",
  certDir: CERT_DIR,
  log: "silent",
  ackWindowMs: 300,
  operationDelayMs: 30,
  webhookRetryBaseMs: 20,
  webhookRetryMaxDelayMs: 80,
  webhookMaxAttempts: 4,
  webhookTimeoutMs: 1_000,
};

export type ApiResponse = { status: number; headers: Headers; text: string; json<T = Record<string, unknown>>(): T };
export type ApiOptions = {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  token?: string | null;
  apiVersion?: string | null;
};
export type Purchase = { subscriptionId: string; token: string; landingUrl: string };

export type Harness = {
  sim: RunningSimulator;
  hooks: WebhookReceiver;
  fetch: FetchLike;
  contract: Contract;
  /** Client-credentials token of the fulfillment app (cached per token version). */
  token(version?: 1 | 2): Promise<string>;
  /** Drops cached tokens (after expiring them through a fault, for instance). */
  forgetTokens(): void;
  /** Calls /api/… on the HTTPS port with a valid token and api-version unless told otherwise. */
  api(method: string, pathAndQuery: string, options?: ApiOptions): Promise<ApiResponse>;
  control<T = Record<string, unknown>>(
    method: string,
    pathAndQuery: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  purchase(input: Record<string, unknown>): Promise<Purchase>;
  /** Purchase + Activate through the API: a Subscribed subscription. */
  subscribed(input: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
};

export async function startHarness(overrides: Partial<Settings> = {}): Promise<Harness> {
  const hooks = await startWebhookReceiver();
  const sim = await startSimulator({ ...FAST, webhookUrl: hooks.url, ...overrides });
  const trusted = createTrustedFetch(sim.certPem);
  const contract = createContract();
  const tokens = new Map<number, string>();

  const response = async (res: Response): Promise<ApiResponse> => {
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
  };

  const token = async (version: 1 | 2 = 2): Promise<string> => {
    const cached = tokens.get(version);
    if (cached) return cached;
    const url =
      version === 2
        ? `${sim.httpsUrl}/${PUBLISHER_TENANT}/oauth2/v2.0/token`
        : `${sim.httpsUrl}/${PUBLISHER_TENANT}/oauth2/token`;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: FULFILLMENT.id,
      client_secret: FULFILLMENT.secret,
    });
    form.set(version === 2 ? "scope" : "resource", version === 2 ? `${MARKETPLACE}/.default` : MARKETPLACE);
    const res = await trusted(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    const body = (await res.json()) as { access_token: string };
    tokens.set(version, body.access_token);
    return body.access_token;
  };

  const api: Harness["api"] = async (method, pathAndQuery, options = {}) => {
    const url = new URL(`${sim.httpsUrl}/api${pathAndQuery}`);
    if (options.apiVersion !== null) url.searchParams.set("api-version", options.apiVersion ?? "2018-08-31");
    const headers: Record<string, string> = { ...options.headers };
    const bearer = options.token === undefined ? await token() : options.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    let body = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    const res = await response(await trusted(url, { method, headers, ...(body !== undefined ? { body } : {}) }));
    const check = contract.check(method, url.pathname.slice("/api".length), res.status, res.text);
    if (check.errors.length > 0)
      throw new Error(`Contract violation ${check.operationId} ${res.status}: ${check.errors.join("; ")}\n${res.text}`);
    return res;
  };

  const control: Harness["control"] = async <T>(method: string, pathAndQuery: string, body?: unknown) => {
    const res = await trusted(`${sim.httpsUrl}/_sim${pathAndQuery}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };

  const purchase: Harness["purchase"] = async (input) => {
    const res = await control<Purchase>("POST", "/purchases", input);
    if (res.status !== 201) throw new Error(`purchase failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  return {
    sim,
    hooks,
    fetch: trusted,
    contract,
    token,
    forgetTokens: () => tokens.clear(),
    api,
    control,
    purchase,
    async subscribed(input) {
      const bought = await purchase(input);
      const activated = await api("POST", `/saas/subscriptions/${bought.subscriptionId}/activate`, {
        body: { planId: input.planId },
      });
      if (activated.status !== 200) throw new Error(`activate failed: ${activated.status} ${activated.text}`);
      return bought.subscriptionId;
    },
    async stop() {
      await sim.stop();
      await hooks.close();
      trusted.close();
    },
  };
}

/** Polls until `probe` returns a value (not undefined) or the timeout passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("Condition not met in time");
    await sleep(15);
  }
}
