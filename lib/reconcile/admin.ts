import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import { recordEvent } from "@/lib/data/events";
import { getRun, listRunRepairs, listRuns, type RunRecord, type RunRepair } from "@/lib/data/reconciliation";
import { getUser } from "@/lib/data/users";
import { getEnv } from "@/lib/env";
import { LEASE_STALE_MS } from "./reconcile";
import { queueReconciliation } from "./tasks";

/** Reconciliation as the admin dashboard sees it: runs with readable triggers, progress, repairs. */

export type RunView = {
  id: string;
  status: RunRecord["status"];
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string;
  /** Running, but its heartbeat stopped: the next run will take it over. */
  stale: boolean;
  pages: number;
  checked: number;
  created: number;
  repaired: number;
  errorMessage: string | null;
};

export type RunRequestOutcome = { started: boolean; run: RunView; message: string };

async function triggerLabels(runs: RunRecord[]): Promise<Map<string, string>> {
  const ids = [...new Set(runs.map((r) => /^admin:(.+)$/.exec(r.trigger)?.[1]).filter((id): id is string => !!id))];
  const users = await Promise.all(ids.map(async (id) => [id, await getUser(id).catch(() => null)] as const));
  return new Map(users.map(([id, user]) => [id, user?.name ?? user?.email ?? "an admin"]));
}

function labelOf(trigger: string, names: Map<string, string>): string {
  if (trigger === "schedule") return "Schedule";
  const admin = /^admin:(.+)$/.exec(trigger)?.[1];
  return admin ? `Run by ${names.get(admin) ?? "an admin"}` : trigger;
}

export function toRunView(run: RunRecord, names: Map<string, string> = new Map(), now = Date.now()): RunView {
  return {
    id: run.id,
    status: run.status,
    trigger: labelOf(run.trigger, names),
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    heartbeatAt: run.heartbeatAt.toISOString(),
    stale: run.status === "Running" && now - run.heartbeatAt.getTime() > LEASE_STALE_MS,
    pages: run.pages,
    checked: run.checked,
    created: run.created,
    repaired: run.repaired,
    errorMessage: run.errorMessage,
  };
}

export type ReconciliationOverview = {
  runs: RunView[];
  /** The run whose repairs are listed: the one asked for, else the newest that changed something. */
  shown: RunView | null;
  repairs: RunRepair[];
  intervalMinutes: number;
};

export async function getReconciliationOverview(runId?: string): Promise<ReconciliationOverview> {
  const runs = await listRuns(15);
  const requested = runId ? (runs.find((r) => r.id === runId) ?? (await getRun(runId))) : undefined;
  const shown = requested ?? runs.find((r) => r.created + r.repaired > 0) ?? null;
  const names = await triggerLabels(shown ? [...runs, shown] : runs);
  return {
    runs: runs.map((r) => toRunView(r, names)),
    shown: shown ? toRunView(shown, names) : null,
    repairs: shown ? await listRunRepairs(shown, 50) : [],
    intervalMinutes: getEnv().reconcile.intervalMinutes,
  };
}

/** The newest run (the Running one if any), for the dashboard's progress polling. */
export async function getLatestRun(): Promise<RunView | null> {
  const [run] = await listRuns(1);
  if (!run) return null;
  return toRunView(run, await triggerLabels([run]));
}

/**
 * "Run now" from the dashboard. The run is claimed before answering (so the admin learns at once whether
 * it started or one is already running), and its job is queued with the claim: the job queue runs it on
 * whichever instance is free, and runs it again if that instance dies.
 */
export async function requestReconciliation(user: CurrentUser): Promise<RunRequestOutcome> {
  const outcome = await queueReconciliation(`admin:${user.id}`);
  const names = await triggerLabels([outcome.run]);
  if (!outcome.started) {
    const run = toRunView(outcome.run, names);
    return {
      started: false,
      run,
      message: `A reconciliation is already running (${run.trigger.toLowerCase()}, started ${run.startedAt}); its progress is shown below.`,
    };
  }
  await recordEvent({
    type: "reconcile.started",
    actor: { type: "user", id: user.id, label: user.email ?? user.name },
    action: "reconciliation.started",
    subject: { type: "reconciliation", id: outcome.run.id },
  });
  return { started: true, run: toRunView(outcome.run, names), message: "Reconciliation started." };
}
