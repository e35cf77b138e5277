import type { z } from "zod";
import { ZAdminSettings } from "./admin";
import { ZDatabaseSettings } from "./database";
import { ZEventsSettings } from "./events";
import { ZHandoffSettings } from "./handoff";
import { ZJobsSettings } from "./jobs";
import { ZLandingSettings } from "./landing";
import { ZMetricsSettings } from "./metrics";
import { ZMeteringSettings } from "./metering";
import { ZMicrosoftSettings } from "./microsoft";
import { ZNotificationSettings } from "./notifications";
import { ZReconcileSettings } from "./reconcile";
import { ZServerSettings } from "./server";
import { describeIssue } from "./shared";
import { ZSimulatorSettings } from "./simulator";
import { ZTracingSettings } from "./tracing";
import { ZWebhookSettings } from "./webhook";

/**
 * The portal's configuration: the only module that reads `process.env`.
 *
 * Two modes. `local` (the default) needs nothing: the embedded database, and Microsoft played by the
 * simulator. `production` needs real settings and refuses to start with local-only or missing ones,
 * naming each problem. Validation is lazy (first `getEnv()` call) so that `next build` can run
 * without production secrets; the server validates at start (instrumentation.ts, scripts/start.ts).
 *
 * One file per section: its variables (each documented), what they become (its part of `Env`), and what
 * it refuses, production included. A new setting goes into its section's file and nowhere else here;
 * documentation.test.ts holds README.md and .env.example to the same list.
 *
 * `.and()` runs every section on the same variables and merges their parts, and collects every section's
 * problems. Parts must not share a top-level key (zod throws when asked to merge two different values).
 */
export const ZEnv = ZServerSettings.and(ZDatabaseSettings)
  .and(ZMicrosoftSettings)
  .and(ZAdminSettings)
  .and(ZLandingSettings)
  .and(ZHandoffSettings)
  .and(ZWebhookSettings)
  .and(ZReconcileSettings)
  .and(ZJobsSettings)
  .and(ZEventsSettings)
  .and(ZMetricsSettings)
  .and(ZTracingSettings)
  .and(ZSimulatorSettings)
  .and(ZMeteringSettings)
  .and(ZNotificationSettings);

export type Env = z.output<typeof ZEnv>;
export { CHANGE_POLICIES, type ChangePolicy, type WebhookSettings } from "./webhook";
export type { LandingField } from "./landing";
export type { TracingSettings } from "./tracing";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The portal cannot start: its configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example and the README's configuration table.`,
    );
    this.name = "ConfigError";
  }
}

/** Parses a configuration source; returns the problems instead of throwing. */
export function parseEnv(
  source: Record<string, string | undefined>,
): { env: Env; problems: [] } | { env?: undefined; problems: string[] } {
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = ZEnv.safeParse(set);
  if (parsed.success) return { env: parsed.data, problems: [] };
  // Sections that read the same variable (PORTAL_MODE, MARKETPLACE_TENANT_ID) each report a malformed value: say it once.
  return { problems: [...new Set(parsed.error.issues.map(describeIssue))] };
}

/** This process's configuration and its problems, without throwing: the setup doctor (lib/doctor) reports them. */
export function inspectEnv(): ReturnType<typeof parseEnv> {
  return parseEnv(process.env);
}

/** True under `next dev` (Next.js sets NODE_ENV): React's development build needs eval (lib/http/security-headers.ts). */
export const isDevServer = (): boolean => process.env.NODE_ENV === "development";

let cached: Env | undefined;

/** The validated configuration; throws ConfigError (listing every problem) when it is unusable. */
export function getEnv(): Env {
  if (cached) return cached;
  if (typeof window !== "undefined") throw new Error("lib/env is server-only.");
  const result = parseEnv(process.env);
  if (!result.env) throw new ConfigError(result.problems);
  cached = result.env;
  return cached;
}

/** Tests change process.env between cases; production never calls this. */
export function resetEnvCache(): void {
  cached = undefined;
}
