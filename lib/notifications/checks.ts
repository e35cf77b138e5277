import "server-only";
import { ruleParams } from "@/lib/data/notification-settings";
import { addCheckNotification, listPendingPurchases } from "@/lib/data/notifications";
import { createDoctorContext, type DoctorContext } from "@/lib/doctor/context";
import { certificateExpiryCheck, clientSecretExpiryCheck } from "@/lib/doctor/checks/credential-expiry";
import { inspectEnv } from "@/lib/env";
import { getLog } from "@/lib/log";
import { ZPendingParams } from "./rules";

/**
 * The daily checks for conditions no event announces: purchases waiting too long for activation, and the
 * Marketplace credential nearing its expiry. Each condition notifies once (its key), however many runs and
 * instances see it; a rule that is off makes nothing.
 */

const DAY_MS = 86_400_000;

/** Remind once at remindDays, escalate once at escalateDays (before Microsoft's 30-day cancellation). */
export async function checkPendingPurchases(now: Date): Promise<number> {
  const params = ZPendingParams.parse(((await ruleParams("pending_activation")) ?? {}) as object);
  let made = 0;
  for (const p of await listPendingPurchases()) {
    const days = Math.floor((now.getTime() - p.since.getTime()) / DAY_MS);
    const stage = days >= params.escalateDays ? "escalate" : days >= params.remindDays ? "remind" : null;
    if (!stage) continue;
    const data = { subscriptionId: p.subscriptionId, days, stage, since: p.since.toISOString() };
    if (await addCheckNotification("pending_activation", `pending:${p.subscriptionId}:${stage}`, data)) made++;
  }
  return made;
}

/**
 * The setup doctor's two expiry checks (lib/doctor): a warning (under 30 days) and a failure (expired)
 * each notify once per credential, told apart by the expiry date the check reports.
 */
export async function checkCredentialExpiry(ctx: DoctorContext): Promise<number> {
  let made = 0;
  for (const check of [certificateExpiryCheck(ctx), clientSecretExpiryCheck(ctx)]) {
    const result = await check.run();
    if (result.status !== "warn" && result.status !== "fail") continue;
    const expiresAt = /\d{4}-\d{2}-\d{2}T[\d:.]+Z/.exec(result.detail)?.[0] ?? "unknown";
    const credential = check.id === "certificate-expiry" ? "certificate" : "client secret";
    const data = { credential, status: result.status, detail: result.detail, fix: result.fix, expiresAt };
    if (await addCheckNotification("credential_expiring", `${check.id}:${expiresAt}:${result.status}`, data)) made++;
  }
  return made;
}

export async function runDailyChecks(now = new Date()): Promise<{ pending: number; credentials: number }> {
  const config = inspectEnv();
  const ctx = createDoctorContext({ config, logger: getLog(), now: () => now });
  return { pending: await checkPendingPurchases(now), credentials: await checkCredentialExpiry(ctx) };
}
