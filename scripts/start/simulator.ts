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

export function startSimulator(env: Env, children: Set<ChildProcess>): Promise<RunningSimulator> {
  const certDir = process.env.SIM_CERT_DIR ?? path.join(".data", "certs");
  const simEnv: NodeJS.ProcessEnv = {
    ...process.env,
    SIM_HTTPS_PORT: process.env.SIM_HTTPS_PORT ?? portOf(env.entra.authorityHost, "443"),
    SIM_HTTP_PORT: process.env.SIM_HTTP_PORT ?? portOf(env.simulator.pagesUrl, "80"),
    SIM_PORTAL_URL: process.env.SIM_PORTAL_URL ?? env.portalUrl,
    SIM_CERT_DIR: certDir,
  };
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "simulator/main.ts"], { env: simEnv, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  return new Promise((resolve, reject) => {
    const urls: string[] = [];
    let ready = false;
    const timer = setTimeout(() => reject(new Error("The simulator did not start within 60 s (see its output above).")), 60_000);
    const onLine = (line: string) => {
      if (!ready) {
        const found = line.match(/https?:\/\/\S+/g);
        if (found) urls.push(...found);
      }
      process.stdout.write(`[simulator] ${line}\n`);
      if (!ready && /simulator ready/i.test(line)) {
        ready = true;
        clearTimeout(timer);
        resolve({ summary: [...new Set(urls)].join("  ") || "ready", certificatePath: path.resolve(certDir, "localhost.pem") });
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
      else process.stderr.write(`[simulator] stopped (exit code ${code})\n`);
    });
  });
}
