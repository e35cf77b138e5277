/**
 * The end-to-end web server: `npm start`, as a user runs it, with its output also written to
 * test-results/portal.log so that a test can check that nothing secret was ever logged.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PORTAL_LOG } from "./test-env";

fs.mkdirSync(path.dirname(PORTAL_LOG), { recursive: true });
const log = fs.createWriteStream(PORTAL_LOG, { flags: "w" });
const child = spawn("npm", ["start"], { stdio: ["ignore", "pipe", "pipe"], detached: true });
for (const stream of [child.stdout, child.stderr]) {
  stream.on("data", (chunk: Buffer) => {
    log.write(chunk);
    process.stdout.write(chunk);
  });
}
const stop = () => {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    // already gone
  }
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => log.end(() => process.exit(code ?? 0)));
