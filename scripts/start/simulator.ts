/**
 * Starts the Microsoft simulator (simulator/main.ts) as its own process beside the portal, pointed at
 * the portal's URLs, and waits until it says it is ready. The portal only knows its URLs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Env } from "../../lib/env";

export type RunningSimulator = { summary: string; certificatePath: string };

/** The simulator listens where the portal's configuration expects it: Entra's port, and its pages' port. */
function portOf(url: string | undefined, fallback: string): string {
  return url ? new URL(url).port || fallback : fallback;
}

/** Starts it; `onExit` is called if it stops after being ready (the launcher then stops everything). */
export function startSimulator(
  env: Env,
  children: Set<ChildProcess>,
  onExit: (code: number | null) => void,
): Promise<RunningSimulator> {
  const certDir = process.env.SIM_CERT_DIR ?? path.join(".data", "certs");
  const simEnv: NodeJS.ProcessEnv = {
    ...process.env,
    SIM_HTTPS_PORT: process.env.SIM_HTTPS_PORT ?? portOf(env.entra.authorityHost, "443"),
    SIM_HTTP_PORT: process.env.SIM_HTTP_PORT ?? portOf(env.simulator.pagesUrl, "80"),
    SIM_PORTAL_URL: process.env.SIM_PORTAL_URL ?? env.portalUrl,
    SIM_CERT_DIR: certDir,
  };
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "simulator/main.ts"], {
    env: simEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(
      () => reject(new Error("The simulator did not start within 60 s (see its output above).")),
      60_000,
    );
    const onLine = (line: string) => {
      process.stdout.write(`[simulator] ${line}\n`);
      // "simulator ready <https url> <http url>"
      const match = /simulator ready\s+(\S+)\s+(\S+)/i.exec(line);
      if (!ready && match) {
        ready = true;
        clearTimeout(timer);
        resolve({
          summary: `${match[1]} (Entra, APIs) · ${match[2]} (marketplace pages)`,
          certificatePath: path.resolve(certDir, "localhost.pem"),
        });
      }
    };
    let buffer = "";
    const split = (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      lines.forEach(onLine);
    };
    child.stdout.on("data", split);
    child.stderr.on("data", split);
    child.on("exit", (code) => {
      children.delete(child);
      clearTimeout(timer);
      if (!ready) reject(new Error(`The simulator exited before it was ready (exit code ${code}).`));
      else onExit(code);
    });
  });
}
