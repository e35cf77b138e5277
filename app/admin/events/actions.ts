"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ExpectedError, staffAction } from "@/lib/auth/guard";
import type { CurrentUser } from "@/lib/auth/session";
import { deleteEndpoint, rotateEndpointSecret } from "@/lib/data/event-endpoints";
import { queueTestEvent, replayEvents, type ReplayRequest } from "@/lib/data/outbound-replay";
import { endpointChangeInput, newEndpointInput } from "@/lib/domain/outbound-events";
import { getEnv } from "@/lib/env";
import { changeEndpoint, ReceiverUrlError, registerEndpoint } from "@/lib/events-out/endpoints";

// Owners only, each audited on the event feed with who did it. A secret is in the answer to a creation or a
// rotation and nowhere else the page can reach.

const PAGE = "/admin/events";
const manager = (owner: CurrentUser) => {
  const label = owner.email ?? owner.name ?? null;
  return { actor: { type: "user" as const, id: owner.id, label }, label };
};
const NOT_FOUND = "This endpoint does not exist any more. Reload the page.";

/** A URL refused on its address (production) reads as the URL field's error. */
async function withUrlErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ReceiverUrlError) throw new ExpectedError(e.message);
    throw e;
  }
}

export const createEndpointAction = staffAction(
  "owner",
  z.lazy(() => newEndpointInput(getEnv().isProduction)),
  async (input, owner) => {
    const { secret, record } = await withUrlErrors(() => registerEndpoint(input, manager(owner)));
    revalidatePath(PAGE);
    return { id: record.id, name: record.name, secret };
  },
);

const id = z.uuid();

export const setEndpointStatusAction = staffAction(
  "owner",
  z.strictObject({ id, status: z.enum(["active", "paused"]) }),
  async ({ id, status }, owner) => {
    if (!(await changeEndpoint(id, endpointChangeInput(false).parse({ status }), manager(owner))))
      throw new ExpectedError(NOT_FOUND);
    revalidatePath(PAGE);
    return { id, status };
  },
);

export const rotateSecretAction = staffAction("owner", z.strictObject({ id }), async ({ id }, owner) => {
  const secret = await rotateEndpointSecret(id, manager(owner));
  if (!secret) throw new ExpectedError(NOT_FOUND);
  revalidatePath(PAGE);
  return { secret };
});

export const deleteEndpointAction = staffAction("owner", z.strictObject({ id }), async ({ id }, owner) => {
  if (!(await deleteEndpoint(id, manager(owner)))) throw new ExpectedError(NOT_FOUND);
  revalidatePath(PAGE);
  return { id };
});

export const sendTestEventAction = staffAction("owner", z.strictObject({ id }), async ({ id }, owner) => {
  if (!(await queueTestEvent(id, manager(owner).actor))) throw new ExpectedError(NOT_FOUND);
  revalidatePath(PAGE);
  return { id };
});

const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Give a date and time.");

export const replayAction = staffAction(
  "owner",
  z.union([
    z.strictObject({ id, eventId: z.string().regex(/^\d{1,18}$/, "Give the event's number (evt_… without evt_).") }),
    z.strictObject({ id, from: localDateTime, to: localDateTime }),
  ]),
  async (input, owner) => {
    // The form's times are UTC, as the delivery log shows them.
    let request: ReplayRequest;
    if ("eventId" in input) request = { eventId: input.eventId };
    else {
      request = { from: new Date(`${input.from}Z`), to: new Date(`${input.to}Z`) };
      if (request.from >= request.to) throw new ExpectedError("The range must end after it starts.");
    }
    const queued = await replayEvents(input.id, request, manager(owner).actor);
    if (queued === null) throw new ExpectedError(NOT_FOUND);
    if (queued === 0) throw new ExpectedError("No event of this endpoint's types matches: nothing was queued.");
    revalidatePath(PAGE);
    return { queued };
  },
);
