/**
 * Where the end-to-end tests run the portal and the simulator: their own ports, so that a developer's
 * `npm start` on the default ports can keep running. The portal is started with `npm start`, exactly
 * as a user starts it; only the environment differs.
 */
// E2E_PORT_OFFSET shifts all five, so that two checkouts on one machine can run their journeys at once.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const PORTAL_PORT = 3210 + offset;
export const SIM_HTTPS_PORT = 4210 + offset;
export const SIM_HTTP_PORT = 4211 + offset;
/** Fixed so that tests can read the portal's database directly. */
export const PGLITE_PORT = 5510 + offset;
/** The reference receiver (examples/receiver) plays the ISV's app: "Open the app" leads there. */
export const RECEIVER_PORT = 4220 + offset;

export const PORTAL_URL = `http://localhost:${PORTAL_PORT}`;
export const SIM_API_URL = `https://localhost:${SIM_HTTPS_PORT}`;
export const SIM_PAGES_URL = `http://localhost:${SIM_HTTP_PORT}`;
export const PORTAL_DB_URL = `postgresql://postgres:postgres@127.0.0.1:${PGLITE_PORT}/postgres`;
export const RECEIVER_URL = `http://localhost:${RECEIVER_PORT}`;
export const APP_URL_TEMPLATE = `${RECEIVER_URL}/start?subscription={subscriptionId}`;
export const AUTH_SECRET = "e2e-only-secret-e2e-only-secret-e2e-only";
export const METRICS_TOKEN = "e2e-only-metrics-token-e2e-only-metrics";
export const receiverEnv: Record<string, string> = {
  RECEIVER_PORT: String(RECEIVER_PORT),
  RECEIVER_URL,
  PORTAL_URL,
  // The journeys set its endpoint secret and API key, and make it fail, through its test controls (/_test/…).
  RECEIVER_TEST_CONTROLS: "1",
};
/** Everything the portal prints while the tests run (see e2e/serve.ts), for the log-leak test. */
export const PORTAL_LOG = "test-results/portal.log";

export const portalEnv: Record<string, string> = {
  PORT: String(PORTAL_PORT),
  PORTAL_URL,
  PGLITE_DIR: "memory://",
  PGLITE_PORT: String(PGLITE_PORT),
  ENTRA_AUTHORITY_HOST: SIM_API_URL,
  MARKETPLACE_API_URL: `${SIM_API_URL}/api`,
  SIMULATOR_PAGES_URL: SIM_PAGES_URL,
  SAAS_APP_URL_TEMPLATE: APP_URL_TEMPLATE,
  AUTH_SECRET,
  METRICS_TOKEN,
  // Short, so that a journey can make Microsoft hang past it (the retry-after-timeout case).
  MARKETPLACE_TIMEOUT_MS: "4000",
  // No scheduled reconciliation: it would store subscriptions that journeys expect the portal not to know.
  RECONCILE_INTERVAL_MINUTES: "0",
  LOG_FORMAT: "json",
  LOG_LEVEL: "debug",
  NEXT_TELEMETRY_DISABLED: "1",
  // The simulator, started by `npm start`: in memory, with Microsoft's waits compressed.
  SIM_STATE_FILE: "memory",
  SIM_LOG: "info",
};
