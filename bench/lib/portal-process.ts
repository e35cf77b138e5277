/**
 * Runs the portal for a benchmark the way a user runs it, `npm start` (scripts/start.ts: checks the
 * configuration, applies migrations, builds when the sources changed, serves with `next start`), on ports
 * of its own so that it can run beside a developer's portal and the end-to-end tests.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

export type RunningPortal = {
  url: string;
  /** Resident memory in MB of the Next.js server and of the launcher (which holds the embedded database); null where `ps` is missing. */
  rssMb(): { next: number; launcher: number } | null;
  stop(): Promise<void>;
};

/** A free loopback port (the embedded database's, which nobody needs to know in advance). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The portal exited (code ${child.exitCode}) before it was ready: see its output above.`);
    try {
      if ((await fetch(`${url}/api/ready`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The portal was not ready within ${timeoutMs / 1000} s.`);
}

/**
 * Starts the portal with `env` on `port` and waits until /api/ready answers (database reachable, all
 * migrations applied). Its output is shown prefixed, so that a build or configuration error is visible.
 */
export async function startPortal(options: {
  port: number;
  env: Record<string, string>;
  quiet?: boolean;
  timeoutMs?: number;
}): Promise<RunningPortal> {
  const url = `http://localhost:${options.port}`;
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], {
    env: { ...process.env, ...options.env, PORT: String(options.port), PORTAL_URL: url, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that stopping it stops Next.js and the embedded database with it.
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk: Buffer) => {
      if (options.quiet) return;
      for (const line of chunk.toString().split("\n")) if (line.trim()) process.stdout.write(`  [portal] ${line}\n`);
    });
  }
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    const timer = setTimeout(
      () => child.pid !== undefined && child.exitCode === null && process.kill(-child.pid, "SIGKILL"),
      15_000,
    );
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilReady(url, child, options.timeoutMs ?? 600_000);
  } catch (e) {
    await stop();
    throw e;
  }
  const rssMb = () => {
    try {
      const lines = execFileSync("ps", ["-o", "rss=,args=", "-g", String(child.pid)], { encoding: "utf8" })
        .trim()
        .split("\n");
      const mb = (match: (args: string) => boolean) =>
        lines
          .map((l) => l.trim().split(/\s+/))
          .filter(([, ...args]) => match(args.join(" ")))
          .reduce((sum, [kb]) => sum + Number(kb) / 1024, 0);
      // The launcher process also holds the embedded database (PGlite runs inside it).
      return {
        next: mb((a) => /next(\/dist\/bin\/next)? start|next-server/.test(a)),
        launcher: mb((a) => a.includes("scripts/start.ts")),
      };
    } catch {
      return null;
    }
  };
  return { url, rssMb, stop };
}
