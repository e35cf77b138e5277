/**
 * Another portal instance in a child process, for tests that kill one mid-way: the webhook's real route
 * handler (test/webhook-process.ts), sharing the test's database and simulator through the environment it
 * inherits (DATABASE_URL, the simulator's URLs, NODE_EXTRA_CA_CERTS for its certificate).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export type PortalProcess = { process: ChildProcess; url: string; exited: Promise<NodeJS.Signals | null> };

/** `env`: more of the instance's environment (WEBHOOK_PROCESS_JOBS=<n> runs a job worker in it). */
export async function startWebhookProcess(env: Record<string, string> = {}): Promise<PortalProcess> {
  // Node itself with tsx's loader, not tsx's CLI: the CLI runs the script in a child process of its own,
  // which a SIGKILL of the CLI would leave running.
  const proc = spawn(process.execPath, ["--import", "tsx", "test/webhook-process.ts"], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: "test/webhook-process.tsconfig.json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.once("exit", (_code, signal) => resolve(signal)));
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the portal process did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /webhook ready (\S+)/.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    void exited.then((signal) => reject(new Error(`the portal process exited (${signal}):\n${output}`)));
  });
  return { process: proc, url, exited };
}

/** The job queue's worker process as `npm run worker` starts it (scripts/worker.ts), with its output kept. */
export function startWorkerProcess(env: Record<string, string> = {}): {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
} {
  const proc = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  proc.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return { process: proc, output: () => output, exited };
}
