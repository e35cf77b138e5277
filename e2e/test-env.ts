/**
 * Where the end-to-end tests run the portal and the simulator: their own ports, so that a developer's
 * `npm start` on the default ports can keep running. The portal is started with `npm start`, exactly
 * as a user starts it; only the environment differs.
 */
export const PORTAL_PORT = 3210;
export const SIM_HTTPS_PORT = 4210;
export const SIM_HTTP_PORT = 4211;

export const PORTAL_URL = `http://localhost:${PORTAL_PORT}`;
export const SIM_API_URL = `https://localhost:${SIM_HTTPS_PORT}`;
export const SIM_PAGES_URL = `http://localhost:${SIM_HTTP_PORT}`;

export const portalEnv: Record<string, string> = {
  PORT: String(PORTAL_PORT),
  PORTAL_URL,
  PGLITE_DIR: "memory://",
  PGLITE_PORT: "0",
  ENTRA_AUTHORITY_HOST: SIM_API_URL,
  MARKETPLACE_API_URL: `${SIM_API_URL}/api`,
  SIMULATOR_PAGES_URL: SIM_PAGES_URL,
  AUTH_SECRET: "e2e-only-secret-e2e-only-secret-e2e-only",
  LOG_FORMAT: "json",
  // The simulator, started by `npm start`: in memory, compressed timings.
  SIM_STATE_FILE: "memory",
  NEXT_TELEMETRY_DISABLED: "1",
};
