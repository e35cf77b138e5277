import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";

/** Runs a command to its end (or kills it after `timeoutMs`) and returns its exit code and output. */
function runToExit(command: string, args: string[], env: Record<string, string>, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; output: string; timedOut: boolean }>((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut: code === null });
    });
  });
}

const badProduction = {
  PORTAL_MODE: "production",
  PORT: "3299",
  PORTAL_URL: "http://localhost:3299",
  AUTH_SECRET: "short",
  ENTRA_AUTHORITY_HOST: "https://localhost:4010",
  DATABASE_URL: "",
  MARKETPLACE_CLIENT_ID: "",
  MARKETPLACE_CLIENT_SECRET: "",
};

test("npm start in production mode with a bad configuration refuses to start, naming each problem", async () => {
  const { code, output, timedOut } = await runToExit("npm", ["start"], badProduction);
  expect(timedOut).toBe(false);
  expect(code).toBe(1);
  expect(output).toContain("The portal cannot start");
  for (const problem of ["AUTH_SECRET is too short", "DATABASE_URL is required", "PORTAL_URL must be the portal's public https:// URL", "MARKETPLACE_CLIENT_ID is required", "MARKETPLACE_CLIENT_SECRET (or MARKETPLACE_CLIENT_CERTIFICATE) is required", "ENTRA_AUTHORITY_HOST points at the local simulator"]) {
    expect(output).toContain(problem);
  }
  // It stopped before starting anything: nothing answers on its port.
  await expect(fetch("http://127.0.0.1:3299/api/health")).rejects.toThrow();
});

test("the Next.js server itself refuses a bad production configuration when started directly", async () => {
  const { code, output, timedOut } = await runToExit(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", "3298"], { ...badProduction, PORT: "3298" });
  expect(timedOut).toBe(false);
  expect(code).toBe(1);
  expect(output).toContain("AUTH_SECRET is too short");
  await expect(fetch("http://127.0.0.1:3298/api/health")).rejects.toThrow();
});
