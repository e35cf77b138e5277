// startSimulator(): the whole Microsoft side in one process – HTTPS (Entra, APIs, control API) and
// HTTP (browser pages and the same APIs), both on loopback.
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { buildApp } from "./app";
import type { SimContext } from "./context";
import { createCallCounter } from "./control/calls";
import { createFaultRegistry } from "./control/faults";
import { createClock } from "./core/clock";
import { createLogger } from "./core/log";
import { openStateStore } from "./core/state";
import { createTimers } from "./core/timers";
import { ensureCertificate } from "./core/tls";
import { resumeOperations } from "./domain/operations";
import { newPurchaseTokenKey } from "./domain/purchase-token";
import { createAuthCodeStore } from "./entra/auth-codes";
import { createKeyStore, createStoredKey } from "./entra/keys";
import { createTokenService } from "./entra/tokens";
import { loadSeed } from "./seed/load-seed";
import { resolveSettings, type Settings } from "./settings";
import { createWebhookDispatcher, type WebhookDispatcher } from "./webhooks/dispatcher";

export type RunningSimulator = {
  /** https://localhost:<port> – authority host, Marketplace API host (`${httpsUrl}/api`), control API. */
  httpsUrl: string;
  /** http://localhost:<port> – pages for the browser (and the same APIs). */
  httpUrl: string;
  settings: Settings;
  /** Path of the self-signed certificate to trust (NODE_EXTRA_CA_CERTS). */
  certPath: string;
  /** PEM of that certificate, for in-process HTTPS clients. */
  certPem: string;
  context: SimContext;
  stop(): Promise<void>;
};

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} on ${host} is already in use (set SIM_HTTPS_PORT / SIM_HTTP_PORT).`)
          : error,
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const notReady: WebhookDispatcher = {
  notify: () => {
    throw new Error("Webhook dispatcher not ready");
  },
  resume: () => undefined,
  stop: () => undefined,
};

/** Starts a simulator. Options override the defaults (not the environment: main.ts reads SIM_* itself). */
export async function startSimulator(options: Partial<Settings> = {}): Promise<RunningSimulator> {
  const settings = resolveSettings(options);
  const log = createLogger(settings.log);
  const seed = loadSeed(settings);
  const tls = await ensureCertificate(settings.certDir);
  const store = await openStateStore(
    settings.stateFile,
    async () => ({ signingKeys: [await createStoredKey()], purchaseTokenKey: newPurchaseTokenKey() }),
    (message) => log.warn(message),
  );
  if (store.state.secrets.signingKeys.length === 0) store.state.secrets.signingKeys.push(await createStoredKey());
  const urls = { https: "", http: "" };
  const keys = createKeyStore(store.state.secrets.signingKeys, settings.keyGraceMs, () => store.changed());
  const timers = createTimers((error) => log.warn(`background task failed: ${String(error)}`));
  const base = { settings, seed, store, keys, urls, log, timers };
  const ctx: SimContext = {
    ...base,
    clock: createClock(store.state.clockOffsetMs),
    tokens: createTokenService(base),
    authCodes: createAuthCodeStore(),
    faults: createFaultRegistry(),
    calls: createCallCounter(),
    webhooks: notReady,
    purchaseTokenKey: Buffer.from(store.state.secrets.purchaseTokenKey, "base64"),
  };
  ctx.webhooks = createWebhookDispatcher(ctx);

  const app = buildApp(ctx);
  const listener = getRequestListener(app.fetch);
  const httpsServer = createHttpsServer({ key: tls.key, cert: tls.cert }, listener);
  const httpServer = createHttpServer(listener);
  // Node closes a connection after 5 idle seconds; HTTPS front ends on the internet keep them a minute or
  // more. With Node's default, a client quiet for a few seconds would pay a new TLS handshake per
  // connection that Microsoft would not make it pay.
  httpsServer.keepAliveTimeout = 60_000;
  const httpsPort = await listen(httpsServer, settings.httpsPort, settings.bindHost);
  let httpPort: number;
  try {
    httpPort = await listen(httpServer, settings.httpPort, settings.bindHost);
  } catch (error) {
    await close(httpsServer);
    throw error;
  }
  urls.https = `https://localhost:${httpsPort}`;
  urls.http = `http://localhost:${httpPort}`;

  // Work that was pending when the state was saved continues (operations, webhook redeliveries).
  resumeOperations(ctx);
  ctx.webhooks.resume();

  let stopped = false;
  return {
    httpsUrl: urls.https,
    httpUrl: urls.http,
    settings,
    certPath: tls.certPath,
    certPem: tls.cert,
    context: ctx,
    async stop() {
      if (stopped) return;
      stopped = true;
      timers.stop();
      ctx.webhooks.stop();
      await Promise.all([close(httpsServer), close(httpServer)]);
      await store.close();
    },
  };
}
