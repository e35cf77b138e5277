/**
 * Starts the Microsoft simulator (simulator/main.ts) as a separate process for portal tests: free ports,
 * in-memory state, compressed timings. The portal's tests talk to it over real HTTPS exactly as the portal
 * talks to Microsoft; the control API (/_sim) sets up purchases and injects faults.
 *
 * HTTPS needs NODE_EXTRA_CA_CERTS when the test process starts: test/simulator-global-setup.ts creates
 * the certificate in TEST_CERT_DIR and sets the variable before Vitest starts its workers.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/** Where test simulators keep their self-signed certificate (shared by every test process). */
export const TEST_CERT_DIR = path.join(os.tmpdir(), "marketplace-portal-test-certs");
export const TEST_CERT_PATH = path.join(TEST_CERT_DIR, "localhost.pem");

/** The simulator's default identities (simulator/seed/identities.json, lib/env/defaults.ts LOCAL_DEFAULTS). */
export const SIM_IDENTITIES = {
  publisherTenantId: "c0ffee00-0000-4000-8000-000000000001",
  fulfillmentClientId: "c0ffee00-0000-4000-8000-0000000000f1",
  fulfillmentClientSecret: "local-fulfillment-secret",
  signInClientId: "c0ffee00-0000-4000-8000-0000000000a2",
  signInClientSecret: "local-signin-secret",
} as const;

/** Timings compressed so that asynchronous operations and webhook retries finish within a test. */
const FAST_ENV: Record<string, string> = {
  SIM_ACK_WINDOW_MS: "300",
  SIM_OPERATION_DELAY_MS: "30",
  SIM_WEBHOOK_RETRY_BASE_MS: "20",
  SIM_WEBHOOK_RETRY_MAX_DELAY_MS: "80",
  SIM_WEBHOOK_MAX_ATTEMPTS: "4",
  SIM_WEBHOOK_TIMEOUT_MS: "1000",
};

export type ControlResponse<T> = { status: number; body: T };

export type SimulatorProcess = {
  /** https://localhost:<port>: the Entra authority host, the Marketplace API and the control API. */
  httpsUrl: string;
  /** http://localhost:<port>: the browser pages (and the control API without TLS). */
  httpUrl: string;
  /** Base URL of the Fulfillment and Metering APIs (`${httpsUrl}/api`). */
  apiUrl: string;
  certPath: string;
  /** Calls the control API, e.g. `control("POST", "/faults", { endpoint: "get", kind: "error" })`. */
  control<T = Record<string, unknown>>(
    method: string,
    pathAndQuery: string,
    body?: unknown,
  ): Promise<ControlResponse<T>>;
  /** Everything the simulator printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
};

export type StartOptions = {
  /** Extra SIM_* variables (they override the defaults here). */
  env?: Record<string, string>;
  certDir?: string;
  /** How long to wait for "simulator ready" (the first start may generate a certificate). */
  readyTimeoutMs?: number;
};

export async function startSimulatorProcess(options: StartOptions = {}): Promise<SimulatorProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SIM_HTTPS_PORT: "0",
    SIM_HTTP_PORT: "0",
    SIM_STATE_FILE: "memory",
    SIM_CERT_DIR: options.certDir ?? TEST_CERT_DIR,
    SIM_LOG: "silent",
    // Webhooks go nowhere unless a test says otherwise (never to a portal that happens to run on :3000).
    SIM_WEBHOOK_URL: "http://127.0.0.1:9/no-webhook-receiver",
    ...FAST_ENV,
    ...options.env,
  };
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "simulator/main.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const urls = await new Promise<{ httpsUrl: string; httpUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`The simulator was not ready within ${options.readyTimeoutMs ?? 60_000} ms:\n${output}`));
    }, options.readyTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const ready = /simulator ready (https:\/\/\S+) (http:\/\/\S+)/.exec(output);
      if (ready?.[1] && ready[2]) {
        clearTimeout(timer);
        resolve({ httpsUrl: ready[1], httpUrl: ready[2] });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The simulator exited (code ${code}) before it was ready:\n${output}`));
    });
  });

  const control = async <T>(method: string, pathAndQuery: string, body?: unknown): Promise<ControlResponse<T>> => {
    const res = await fetch(`${urls.httpUrl}/_sim${pathAndQuery}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };

  let stopping: Promise<void> | undefined;
  return {
    ...urls,
    apiUrl: `${urls.httpsUrl}/api`,
    certPath: path.join(options.certDir ?? TEST_CERT_DIR, "localhost.pem"),
    control,
    output: () => output,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/** One webhook delivery in the simulator's log (GET /_sim/webhooks). */
export type SimWebhookDelivery = {
  id: string;
  operationId: string;
  subscriptionId: string;
  action: string;
  state: "scheduled" | "in-flight" | "held" | "delivered" | "rejected" | "failed" | "dropped";
  attempts: { number: number; statusCode?: number; error?: string; durationMs: number }[];
  payload: Record<string, unknown>;
  fault?: string;
};

const SETTLED = new Set(["delivered", "rejected", "failed", "dropped"]);

/** The simulator's webhook log for one operation or subscription (newest first). */
export async function webhookLog(
  sim: SimulatorProcess,
  filter: { operationId?: string; subscriptionId?: string },
): Promise<SimWebhookDelivery[]> {
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => !!e[1]));
  return (await sim.control<{ deliveries: SimWebhookDelivery[] }>("GET", `/webhooks?${query}`)).body.deliveries;
}

/**
 * Waits until the simulator has sent every delivery of the operation (or subscription) and got its final
 * answer: delivered (2xx), rejected (4xx refusing a change), failed (out of retries) or dropped (fault).
 */
export async function settledWebhooks(
  sim: SimulatorProcess,
  filter: { operationId?: string; subscriptionId?: string },
  options: { count?: number; timeoutMs?: number } = {},
): Promise<SimWebhookDelivery[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const log = await webhookLog(sim, filter);
    if (log.length >= (options.count ?? 1) && log.every((d) => SETTLED.has(d.state))) return log;
    if (Date.now() > deadline)
      throw new Error(
        `webhooks not settled for ${JSON.stringify(filter)}: ${JSON.stringify(log.map((d) => [d.action, d.state, d.attempts.length]))}`,
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A JWT from the simulator's Entra (POST /_sim/tokens/mint), e.g. a webhook token with a claim changed. */
export async function mintToken(
  sim: SimulatorProcess,
  input: {
    preset?: string;
    claims?: Record<string, unknown>;
    expiresInSeconds?: number;
    untrusted?: boolean;
    unsigned?: boolean;
    header?: Record<string, string>;
  },
): Promise<string> {
  const res = await sim.control<{ token?: string; error?: string }>("POST", "/tokens/mint", {
    preset: "webhook",
    ...input,
  });
  if (!res.body.token) throw new Error(`mint refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/**
 * Sets the portal's configuration variables for the test's process (e.g. to point lib/env at a simulator
 * process, or to change a policy for one test); returns a function that puts the previous values back.
 * The caller resets lib/env's cache (resetEnvCache) after either.
 */
export function setPortalEnv(vars: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  return () => apply(previous);
}
