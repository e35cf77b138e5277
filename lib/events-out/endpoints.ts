import "server-only";
import { createEndpoint, updateEndpoint, type EndpointManager, type EndpointRecord } from "@/lib/data/event-endpoints";
import type { EndpointChange, NewEndpoint } from "@/lib/domain/outbound-events";
import { getEnv } from "@/lib/env";
import { publicHostProblem } from "./address";

/**
 * Registering and changing endpoints, for the admin page and the API alike: the input's shape is checked
 * by their zod schemas (lib/domain/outbound-events.ts); here, in production, the host is resolved now and
 * refused when it leads inside (and again at every send, lib/events-out/transport.ts).
 */

export class ReceiverUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReceiverUrlError";
  }
}

async function checkReceiver(url: string | undefined): Promise<void> {
  if (!url || !getEnv().isProduction) return;
  const problem = await publicHostProblem(url);
  if (problem) throw new ReceiverUrlError(problem);
}

export async function registerEndpoint(
  input: NewEndpoint,
  by: EndpointManager,
): Promise<{ secret: string; record: EndpointRecord }> {
  await checkReceiver(input.url);
  return createEndpoint(input, by);
}

export async function changeEndpoint(
  id: string,
  change: EndpointChange,
  by: EndpointManager,
): Promise<EndpointRecord | null> {
  await checkReceiver(change.url);
  return updateEndpoint(id, change, by);
}
