/**
 * A child for test/log-exit.test.ts: logs JSON with the portal's logger to stdout, then, once told on stdin
 * (after the parent closed its end of stdout), logs again and exits the way the server's shutdown does.
 * Run with TSX_TSCONFIG_PATH=test/webhook-process.tsconfig.json.
 */
import { exitAfter } from "@/lib/shutdown/graceful";
import { createLogger } from "@/lib/log";

const log = createLogger({ format: "json" });
log.info("ready");
process.stdin.once("data", () => {
  for (let i = 0; i < 200; i++) log.info({ i }, "a line nobody reads");
  exitAfter(0, () => log.info("shutdown: done"));
});
