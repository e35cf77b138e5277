import "server-only";
import { activateProvisionedTask } from "@/lib/landing/provisioning-tasks";
import { meteringReadBackTask, meteringSubmitTask } from "@/lib/metering/tasks";
import { deliverEventsTask, wakeEndpointsTask } from "@/lib/events-out/tasks";
import { notificationChecksTask, notificationDigestTask, sendNotificationsTask } from "@/lib/notifications/tasks";
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
  activateProvisionedTask,
  meteringSubmitTask,
  meteringReadBackTask,
  deliverEventsTask,
  wakeEndpointsTask,
  sendNotificationsTask,
  notificationDigestTask,
  notificationChecksTask,
];
