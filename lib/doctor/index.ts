import type { DoctorContext } from "./context";
import { clockCheck } from "./checks/clock";
import { configurationCheck } from "./checks/configuration";
import { certificateExpiryCheck, clientSecretExpiryCheck } from "./checks/credential-expiry";
import { databaseCheck } from "./checks/database";
import { listSubscriptionsCheck } from "./checks/list-subscriptions";
import { publicUrlCheck } from "./checks/public-url";
import { tokenCheck } from "./checks/token";
import { webhookSelfTestCheck } from "./checks/webhook-self-test";
import type { CheckReport, CheckStatus, DoctorCheck } from "./types";

/**
 * The setup doctor: every check of a deployment, shared by `npm run doctor` (scripts/doctor.ts) and the
 * owners' page /admin/setup, so that both always say the same.
 */

export { createDoctorContext, type DoctorContext, type DoctorContextOptions } from "./context";
export { partnerCenterValues, type PartnerCenterValue } from "./partner-center";
export type { CheckReport, CheckResult, CheckStatus, DoctorCheck } from "./types";

/** In the order an operator fixes things: configuration first, the proxy last. */
export function doctorChecks(ctx: DoctorContext): DoctorCheck[] {
  return [
    configurationCheck(ctx),
    databaseCheck(ctx),
    tokenCheck(ctx),
    listSubscriptionsCheck(ctx),
    clockCheck(ctx),
    publicUrlCheck(ctx),
    webhookSelfTestCheck(ctx),
    certificateExpiryCheck(ctx),
    clientSecretExpiryCheck(ctx),
  ];
}

/** Runs one check; a check that throws is reported as failed (with no message: it could carry a secret). */
export async function runCheck(check: DoctorCheck): Promise<CheckReport> {
  const started = Date.now();
  try {
    const result = await check.run();
    return { id: check.id, title: check.title, ...result, durationMs: Date.now() - started };
  } catch (error) {
    return {
      id: check.id,
      title: check.title,
      status: "fail",
      detail: `The check itself failed (${error instanceof Error ? error.name : "unknown error"}).`,
      fix: "Run the doctor again; if it persists, report it with the portal's log.",
      durationMs: Date.now() - started,
    };
  }
}

/** Every check, at once (they are independent; the token is shared), reported in the list's order. */
export function runDoctor(ctx: DoctorContext): Promise<CheckReport[]> {
  return Promise.all(doctorChecks(ctx).map(runCheck));
}

/** The exit code for CI/CD: 1 when any check failed; warnings and skips pass. */
export const exitCodeFor = (reports: { status: CheckStatus }[]): 0 | 1 =>
  reports.some((r) => r.status === "fail") ? 1 : 0;
