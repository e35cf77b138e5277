import "server-only";
import { z } from "zod";
import { wakeDelivery } from "@/lib/data/outbound-jobs";
import { endpointsWithDueMessages } from "@/lib/data/outbound-messages";
import { DELIVER_TASK } from "@/lib/domain/outbound-events";
import { defineTask } from "@/lib/jobs/task";
import { deliverEndpoint } from "./deliver";

/** One run of an endpoint's deliveries (deliver.ts); added by the fan-out trigger, by runs themselves, and by the sweep. */
export const deliverEventsTask = defineTask({
  name: DELIVER_TASK,
  payload: z.object({ endpointId: z.uuid() }),
  maxAttempts: 5,
  async run({ endpointId }) {
    await deliverEndpoint(endpointId);
  },
});

/**
 * Every minute, on one instance: wakes the endpoints with due messages. A backstop only: a sender that
 * died with messages claimed, or a wake-up lost with its process, delays delivery by a minute at most.
 */
export const wakeEndpointsTask = defineTask({
  name: "events.wake",
  payload: z.looseObject({}),
  schedule: "* * * * *",
  maxAttempts: 1,
  async run() {
    for (const id of await endpointsWithDueMessages(new Date())) await wakeDelivery(id, new Date());
  },
});
