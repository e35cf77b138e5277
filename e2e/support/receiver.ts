/** The reference receiver (examples/receiver), the ISV's app in the journeys: its test controls and its records. */
import { RECEIVER_URL } from "../test-env";

export type ReceivedEvent = { webhookId: string; type: string; subscriptionId: string | null; eventId: string };
export type ReceiverTenant = { subscriptionId: string; status: string; createdAt: string; answeredAt: string | null };

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${RECEIVER_URL}/_test/${path}`, { method: "POST", body: JSON.stringify(body) });
  if (response.status !== 204) throw new Error(`receiver control ${path} → ${response.status}`);
}

async function list<T>(path: string): Promise<T[]> {
  return (await (await fetch(`${RECEIVER_URL}/${path}`)).json()) as T[];
}

export const receiver = {
  /** The endpoint's signing secret, and how /events answers. */
  events: (body: { secret?: string; mode?: "ok" | "fail" | "hang" }) => control("events", body),
  /** The portal API key it answers the provisioning gate with (null: none), and whether provisioning works. */
  provisioning: (body: { apiKey?: string | null; mode?: "ok" | "fail" | "report-failure" }) =>
    control("provisioning", body),
  eventsFor: async (subscriptionId: string) =>
    (await list<ReceivedEvent>("events.json")).filter((e) => e.subscriptionId === subscriptionId),
  tenantsFor: async (subscriptionId: string) =>
    (await list<ReceiverTenant>("tenants.json")).filter((t) => t.subscriptionId === subscriptionId),
};
