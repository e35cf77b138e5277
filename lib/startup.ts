import { ConfigError, getEnv } from "./env";
import { startReconcileSchedule } from "./jobs/scheduler";
import { log } from "./log";

/**
 * A portal with unusable configuration stops at start, with a message naming each problem, instead of
 * failing later on a buyer's request. (scripts/start.ts checks the same before starting anything.)
 */
export function onServerStart(): void {
  try {
    const env = getEnv();
    log.info({ mode: env.mode, portalUrl: env.portalUrl, marketplaceApi: env.marketplace.apiUrl }, "portal starting");
    // Background jobs belong to the running server only (tests and scripts never call this hook).
    startReconcileSchedule();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
