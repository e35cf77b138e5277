/**
 * Microsoft's side of the soak, through the simulator: customers buying and changing their subscriptions
 * (control API), the publisher's own PATCH through the real Fulfillment API (as another tool of the ISV's
 * would call it), and fault injection. Every customer event and completed PATCH makes the simulator send a
 * webhook to the load balancer.
 */
import fs from "node:fs";
import https from "node:https";
import { control } from "../lib/webhook-setup";

export type SimSubscription = {
  id: string;
  saasSubscriptionStatus: string;
  planId: string;
  quantity?: number | null;
  term?: { startDate?: string | null; endDate?: string | null; termUnit?: string | null };
};

export class Marketplace {
  private token: { value: string; at: number } | undefined;
  private readonly ca: Buffer;

  constructor(
    readonly sim: string,
    private readonly apiBase: string,
    certificate: string,
  ) {
    this.ca = fs.readFileSync(certificate);
  }

  control<T>(method: string, path: string, body?: unknown): Promise<T> {
    return control<T>(this.sim, method, path, body);
  }

  /** A customer event; false when the simulator refuses it now (a pending operation, the wrong status). */
  async customer(id: string, event: string, body: unknown = {}): Promise<boolean> {
    const res = await fetch(`${this.sim}/_sim/subscriptions/${id}/${event}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await res.text();
    return res.ok;
  }

  /** The publisher's PATCH (plan or seats) through the Fulfillment API; true when Microsoft accepted it (202). */
  async publisherPatch(id: string, change: { planId: string } | { quantity: number }): Promise<boolean> {
    if (!this.token || Date.now() - this.token.at > 30 * 60_000) {
      const { token } = await this.control<{ token: string }>("POST", "/tokens/mint", { preset: "marketplace" });
      this.token = { value: token, at: Date.now() };
    }
    const body = JSON.stringify(change);
    const url = new URL(`${this.apiBase}/saas/subscriptions/${id}?api-version=2018-08-31`);
    return new Promise((resolve) => {
      const req = https.request(
        url,
        {
          method: "PATCH",
          ca: this.ca,
          headers: {
            authorization: `Bearer ${this.token!.value}`,
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode === 202));
        },
      );
      req.on("error", () => resolve(false));
      req.end(body);
    });
  }

  async purchase(planId: string, quantity?: number): Promise<{ subscriptionId: string; landingUrl: string }> {
    return this.control("POST", "/purchases", {
      personaId: "alice",
      offerId: "fabrikam-cloud",
      planId,
      ...(quantity ? { quantity } : {}),
    });
  }

  /** The publisher's subscriptions as Microsoft holds them (the truth the portal must end equal to). */
  async subscriptions(): Promise<SimSubscription[]> {
    const state = await this.control<{ subscriptions: (SimSubscription & Record<string, unknown>)[] }>("GET", "/state");
    return state.subscriptions;
  }

  /** Every webhook the simulator sent or dropped, by operation (the log is newest first). */
  async webhookLog(): Promise<{ operationId: string; subscriptionId: string; action: string; state: string }[]> {
    const { deliveries } = await this.control<{
      deliveries: { operationId: string; subscriptionId: string; action: string; state: string }[];
    }>("GET", "/webhooks");
    return deliveries;
  }

  async fault(input: Record<string, unknown>): Promise<void> {
    await this.control("POST", "/faults", input);
  }

  async webhookFault(kind: "drop" | "duplicate" | "reorder", count: number): Promise<void> {
    if (count > 0) await this.control("POST", "/faults/webhooks", { kind, count, holdMs: 1500 });
  }

  async clearFaults(): Promise<void> {
    await this.control("DELETE", "/faults");
  }

  async activateCalls(): Promise<Record<string, number>> {
    const { bySubscription } = await this.control<{ bySubscription: Record<string, Record<string, number>> }>(
      "GET",
      "/calls",
    );
    return Object.fromEntries(Object.entries(bySubscription).map(([id, calls]) => [id, calls.activate ?? 0]));
  }
}
