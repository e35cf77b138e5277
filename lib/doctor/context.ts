import fs from "node:fs";
import type { Logger } from "pino";
import type { Env } from "../env";
import { getMigrationStatus, type MigrationStatus } from "../data/health";
import { certificateCredentialFromPem, createMsalTokenProvider, type AccessToken } from "../marketplace/token";

/**
 * What the checks need from the world, in one place so that a test can replace any of it: the configuration
 * (with its problems), the clock, HTTP, the database and a Marketplace token. The token is acquired once per
 * run and shared: the token check reads its claims, List Subscriptions uses it.
 */
export type DoctorContext = {
  /** Undefined when the configuration has problems: the checks that need it skip. */
  env: Env | undefined;
  problems: string[];
  now(): Date;
  fetch: typeof fetch;
  logger: Logger;
  readFile(path: string): string;
  migrationStatus(): Promise<MigrationStatus>;
  /** A fresh client-credential token for the Marketplace API (memoised per run); throws TokenAcquisitionError. */
  accessToken(): Promise<AccessToken>;
};

export type DoctorContextOptions = {
  config: { env?: Env; problems: string[] };
  logger: Logger;
  now?: () => Date;
  fetch?: typeof fetch;
  migrationStatus?: () => Promise<MigrationStatus>;
};

export function createDoctorContext(options: DoctorContextOptions): DoctorContext {
  const { env } = options.config;
  const readFile = (path: string) => fs.readFileSync(path, "utf8");
  let token: Promise<AccessToken> | undefined;
  return {
    env,
    problems: options.config.problems,
    now: options.now ?? (() => new Date()),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    logger: options.logger,
    readFile,
    migrationStatus: options.migrationStatus ?? getMigrationStatus,
    accessToken() {
      if (!env) return Promise.reject(new Error("The configuration has problems."));
      token ??= Promise.resolve().then(() => {
        const { marketplace } = env;
        // A fresh provider: the doctor must see what Entra answers now, not what a cache kept.
        const provider = createMsalTokenProvider({
          authorityHost: env.entra.authorityHost,
          tenantId: marketplace.tenantId,
          clientId: marketplace.clientId,
          credential: marketplace.clientCertificatePath
            ? certificateCredentialFromPem(readFile(marketplace.clientCertificatePath))
            : { kind: "secret", secret: marketplace.clientSecret },
          timeoutMs: marketplace.timeoutMs,
          logger: options.logger,
        });
        return provider.getToken({ forceRefresh: true });
      });
      return token;
    },
  };
}
