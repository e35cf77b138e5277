/** The simulator's control API (its http port serves it too, so the test process needs no certificate). */
import { SIM_PAGES_URL } from "../test-env";

export type Purchase = { subscriptionId: string; token: string; landingUrl: string };

/** Calls the simulator's control API (`/_sim…`); throws with the answer when it is not 2xx. */
export async function simControl<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${SIM_PAGES_URL}/_sim${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator ${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const sim = {
  purchase: (input: {
    personaId: string;
    offerId?: string;
    planId: string;
    quantity?: number;
    cspPartnerPersonaId?: string;
    isTest?: boolean;
    name?: string;
  }) => simControl<Purchase>("POST", "/purchases", { offerId: "fabrikam-cloud", ...input }),
  subscription: (id: string) =>
    simControl<
      { saasSubscriptionStatus: string; planId: string; quantity?: number; operations?: unknown[] } & Record<
        string,
        unknown
      >
    >("GET", `/subscriptions/${id}`),
  landingToken: (id: string) =>
    simControl<{ token: string; landingUrl: string }>("POST", `/subscriptions/${id}/landing-token`),
  event: (
    id: string,
    event: "cancel" | "suspend" | "reinstate" | "renew" | "expire-grace" | "change-plan" | "change-quantity",
    body?: unknown,
  ) => simControl<unknown>("POST", `/subscriptions/${id}/${event}`, body ?? {}),
  fault: (input: {
    endpoint: string;
    kind: "throttle" | "error" | "hang";
    count?: number;
    hangMs?: number;
    retryAfterSeconds?: number;
  }) => simControl<unknown>("POST", "/faults", input),
  expireTokens: (tokens: "access" | "purchase" | "all") =>
    simControl<unknown>("POST", "/faults/expire-tokens", { tokens }),
  clearFaults: () => simControl<unknown>("DELETE", "/faults"),
  clock: (body: { advanceMs?: number; reset?: boolean }) => simControl<unknown>("POST", "/clock", body),
  /** How many requests each Marketplace endpoint received for this subscription. */
  callsFor: async (id: string) =>
    (await simControl<{ bySubscription: Record<string, Record<string, number>> }>("GET", "/calls")).bySubscription[
      id
    ] ?? {},
};
