/**
 * The setup doctor's vocabulary. A check answers one question about a deployment ("does Entra give us a
 * Marketplace token?"); its result says what it found and, unless it passed, what to do, in one sentence.
 */

export type CheckStatus = "pass" | "warn" | "fail" | "skip";

export type CheckResult = {
  status: CheckStatus;
  /** What the check found, safe to show: never a token, a secret or a personal detail. */
  detail: string;
  /** One sentence saying what to do; for warn and fail (a skip may say how to enable the check). */
  fix?: string;
};

export type DoctorCheck = {
  /** Stable, kebab-case: scripts read the JSON output by it. */
  id: string;
  title: string;
  run(): Promise<CheckResult>;
};

/** A check's result as reported: with its id, title and how long it took. */
export type CheckReport = CheckResult & { id: string; title: string; durationMs: number };

export const pass = (detail: string): CheckResult => ({ status: "pass", detail });
export const warn = (detail: string, fix: string): CheckResult => ({ status: "warn", detail, fix });
export const fail = (detail: string, fix: string): CheckResult => ({ status: "fail", detail, fix });
export const skip = (detail: string, fix?: string): CheckResult => ({
  status: "skip",
  detail,
  ...(fix ? { fix } : {}),
});

/** The days between two instants, rounded down (negative once `until` has passed). */
export const daysBetween = (from: Date, until: Date): number =>
  Math.floor((until.getTime() - from.getTime()) / 86_400_000);
