import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_IDENTITIES, startSimulatorProcess, type SimulatorProcess } from "../../test/simulator";
import { captureLog, injectFault, purchase, simulatorClient, type CapturedLog } from "@/test/marketplace-support";

// Runs the client through success, retries, refusals and token trouble with a captured logger (MSAL's
// logger included), then scans everything written for secrets, tokens and personal data.
let sim: SimulatorProcess;
let log: CapturedLog;
const secrets: string[] = [
  SIM_IDENTITIES.fulfillmentClientSecret,
  SIM_IDENTITIES.signInClientSecret,
  "a-wrong-secret-4f1c",
];

beforeAll(async () => {
  sim = await startSimulatorProcess();
  log = captureLog();
  const { client, tokens } = simulatorClient(sim, { logger: log.logger });

  const bought = await purchase(sim, { planId: "pro-seats", quantity: 7 });
  secrets.push(bought.token, encodeURIComponent(bought.token));
  const resolved = await client.resolve(bought.token);
  await client.activate(resolved.id, { planId: "pro-seats", quantity: 7 });
  await client.listAvailablePlans(resolved.id, { planId: "pro-seats" });
  await client.changeQuantity(resolved.id, 8);
  for await (const sub of client.listSubscriptions()) void sub;
  await client.resolve(`${bought.token}x`).catch(() => undefined); // 400
  await injectFault(sim, { endpoint: "get", kind: "throttle", count: 1, retryAfterSeconds: 0 });
  await client.getSubscription(resolved.id); // 429 then 200
  secrets.push((await tokens.getToken()).token);
  await sim.control("POST", "/faults/expire-tokens", { tokens: "access" });
  await client.getSubscription(resolved.id); // 403, fresh token, 200
  secrets.push((await tokens.getToken()).token);

  const wrong = simulatorClient(sim, {
    logger: log.logger,
    credential: { kind: "secret", secret: "a-wrong-secret-4f1c" },
  });
  await wrong.client.getSubscription(resolved.id).catch(() => undefined); // invalid_client
  await injectFault(sim, { endpoint: "token", kind: "error", count: 1 });
  await simulatorClient(sim, { logger: log.logger }).client.getSubscription(resolved.id); // Entra 500, then fine
});
afterAll(() => sim?.stop());

describe("log output of the marketplace client", () => {
  it("holds a line per attempt with route, status, duration and ids", () => {
    const calls = log.lines().filter((l) => l.component === "marketplace");
    expect(calls.length).toBeGreaterThan(10);
    for (const line of calls) {
      expect(line).toHaveProperty("msRequestId");
      expect(line).toHaveProperty("msCorrelationId");
      expect(line).toHaveProperty("durationMs");
      expect(String(line.route)).toMatch(/^\/(saas\/subscriptions|usageEvent|batchUsageEvent|usageEvents)/);
    }
    expect(calls.map((l) => l.status)).toEqual(expect.arrayContaining([200, 202, 400, 403, 429]));
    expect(calls.some((l) => l.kind === "configuration")).toBe(true);
  });

  it("never contains a client secret, an access token or a purchase token", () => {
    const text = log.text();
    expect(secrets.length).toBe(7);
    expect(secrets[5]).not.toBe(secrets[6]); // the 403 really led to a new access token
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Bearer|eyJ[\w-]{10,}\./);
  });

  it("never contains the buyers' e-mail addresses or the subscription ids in routes", () => {
    const text = log.text();
    expect(text).not.toMatch(/@contoso\.example|@[\w-]+\.example/);
    const routes = log.lines().map((l) => String(l.route ?? ""));
    expect(routes.every((r) => !/[0-9a-f]{8}-[0-9a-f]{4}-/.test(r))).toBe(true);
  });
});
