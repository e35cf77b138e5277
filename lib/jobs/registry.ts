import "server-only";
import { deliverEventsTask, wakeEndpointsTask } from "@/lib/events-out/tasks";
import { followOperationTask } from "@/lib/operations/tasks";
import { reconcileRunTask, reconcileScheduleTask } from "@/lib/reconcile/tasks";
import { applyDeliveryTask, requeueOrphansTask } from "@/lib/webhooks/tasks";
import { sweepTask } from "./sweep";
import type { TaskDefinition } from "./task";

/** Every kind of background job the portal runs. A new one: define it beside its workflow, list it here. */
export const TASKS: readonly TaskDefinition[] = [
  sweepTask,
  reconcileRunTask,
  reconcileScheduleTask,
  followOperationTask,
  applyDeliveryTask,
  requeueOrphansTask,
  deliverEventsTask,
  wakeEndpointsTask,
];
