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
  const { code, output, timedOut } = await runToExit("npm", ["start"], {
    ...badProduction,
    SAAS_APP_URL_TEMPLATE: "https://app.fabrikam.example/start?subscription={subscriptionId}",
  });
  expect(timedOut).toBe(false);
  expect(code).toBe(1);
  expect(output).toContain("The portal cannot start");
  for (const problem of [
    "AUTH_SECRET is too short",
    "DATABASE_URL is required",
    "PORTAL_URL must be the portal's public https:// URL",
    "MARKETPLACE_CLIENT_ID is required",
    "MARKETPLACE_CLIENT_SECRET (or MARKETPLACE_CLIENT_CERTIFICATE) is required",
    "ENTRA_AUTHORITY_HOST points at the local simulator",
    "HANDOFF_SIGNING_KEY or HANDOFF_SIGNING_KEY_FILE is required in production when SAAS_APP_URL_TEMPLATE is set",
  ]) {
    expect(output).toContain(problem);
  }
  // It stopped before starting anything: nothing answers on its port.
  await expect(fetch("http://127.0.0.1:3299/api/health")).rejects.toThrow();
});

test("the Next.js server itself refuses a bad production configuration when started directly", async () => {
  const { code, output, timedOut } = await runToExit(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", "3298"],
    { ...badProduction, PORT: "3298" },
  );
  expect(timedOut).toBe(false);
  expect(code).toBe(1);
  expect(output).toContain("AUTH_SECRET is too short");
  await expect(fetch("http://127.0.0.1:3298/api/health")).rejects.toThrow();
});

test("npm start in local mode on every interface with the published session secret refuses to start (sessions could be forged)", async () => {
  const published = "local-only-session-secret-do-not-use-in-production";
  const { code, output, timedOut } = await runToExit("npm", ["start"], {
    PORTAL_MODE: "local",
    HOST: "0.0.0.0",
    PORT: "3297",
    AUTH_SECRET: published,
    SIMULATOR: "false",
  });
  expect(timedOut).toBe(false);
  expect(code).toBe(1);
  expect(output).toContain(
    "HOST=0.0.0.0 makes the portal reachable from other machines, but AUTH_SECRET is the published local value",
  );
  expect(output).not.toContain(published);
  await expect(fetch("http://127.0.0.1:3297/api/health")).rejects.toThrow();
});

test("production refuses Microsoft URLs over http or on this machine in any spelling, tenant aliases and ids that are not GUIDs", async () => {
  const { code, output } = await runToExit("npm", ["start"], {
    ...badProduction,
    AUTH_SECRET: "x".repeat(48),
    ENTRA_AUTHORITY_HOST: "https://127.1:4010",
    MARKETPLACE_API_URL: "http://marketplaceapi.microsoft.com/api",
    MARKETPLACE_TENANT_ID: "fabrikam.onmicrosoft.com",
    ADMIN_TENANT_ID: "common",
  });
  expect(code).toBe(1);
  for (const problem of [
    "ENTRA_AUTHORITY_HOST points at the local simulator (https://127.1:4010)",
    "MARKETPLACE_API_URL must be an https:// URL",
    "MARKETPLACE_TENANT_ID must be a GUID",
    'ADMIN_TENANT_ID cannot be "common"',
  ]) {
    expect(output).toContain(problem);
  }
});
