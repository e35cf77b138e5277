import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";

// A server whose stdout reader has gone (a supervisor restarted, a test runner finished) must still exit
// when its shutdown says so: the logger must not retry a broken pipe for ever at exit.
describe("the logger with stdout's reader gone", () => {
  it("lets the process exit after logging to a closed pipe", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/log-then-exit.ts"], {
      env: { ...process.env, TSX_TSCONFIG_PATH: "test/webhook-process.tsconfig.json" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    try {
      const [first] = (await once(child.stdout!, "data")) as [Buffer];
      expect(first.toString()).toContain('"msg":"ready"');
      child.stdout!.destroy(); // the reader goes away
      child.stdin!.write("go\n");
      const exited = once(child, "exit");
      const timeout = new Promise((resolve) => setTimeout(() => resolve("still running"), 10_000));
      expect(await Promise.race([exited, timeout])).not.toBe("still running");
    } finally {
      child.kill("SIGKILL");
    }
  }, 30_000);
});
