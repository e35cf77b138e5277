/** Simulator control calls and portal reads for the reconciliation journey (beside support/simulator.ts). */
import { query } from "./portal-db";
import { simControl } from "./simulator";

const control = simControl;

export type Delivery = { subscriptionId: string; action: string; state: string; fault?: string };

export const simDrift = {
  /** The next webhook delivery is never sent (the portal never hears of the change). */
  dropNextWebhook: () => control<unknown>("POST", "/faults/webhooks", { kind: "drop" }),
  /** The customer's auto-renew setting (Microsoft sends no webhook for it at all). */
  autoRenew: (id: string, autoRenew: boolean) =>
    control<unknown>("POST", `/subscriptions/${id}/auto-renew`, { autoRenew }),
  deliveries: async (subscriptionId: string) =>
    (await control<{ deliveries: Delivery[] }>("GET", `/webhooks?subscriptionId=${subscriptionId}`)).deliveries,
  calls: () => control<{ total: Record<string, number> }>("GET", "/calls"),
};

export type RunRow = {
  id: string;
  status: string;
  trigger: string;
  pages: number;
  checked: number;
  created: number;
  repaired: number;
  errorMessage: string | null;
};

export const portalRuns = {
  all: () =>
    query<RunRow>(
      `SELECT id, status::text AS status, trigger, pages, checked, created, repaired, "errorMessage" FROM "ReconciliationRun" ORDER BY "startedAt" DESC`,
    ),
};
