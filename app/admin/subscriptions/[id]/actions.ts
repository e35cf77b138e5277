"use server";

import { z } from "zod";
import { staffAction } from "@/lib/auth/guard";
import {
  activatePendingPurchase,
  requestCancellation,
  requestPlanChange,
  requestSeatChange,
  type ChangeOutcome,
} from "@/lib/operations/publisher-actions";

// Operator actions on one subscription. Each goes through staffAction: the role is checked on the server
// for every call (a forged POST included), the input is validated, and failures come back as messages.

const id = z.string().trim().min(1).max(100);
// An operation to watch, or (when Microsoft's answer was lost and the change already shows) none; `notice` says what happened.
const started = (outcome: ChangeOutcome): { operationId: string | null; action: string; notice: string | null } =>
  outcome.kind === "following"
    ? { operationId: outcome.operation.id, action: outcome.operation.action, notice: outcome.notice }
    : { operationId: null, action: outcome.action, notice: outcome.notice };

export const changePlanAction = staffAction(
  "operator",
  z.object({ subscriptionId: id, planId: z.string().trim().min(1).max(100) }),
  async ({ subscriptionId, planId }, user) => started(await requestPlanChange(subscriptionId, planId, user)),
);

export const changeSeatsAction = staffAction(
  "operator",
  z.object({
    subscriptionId: id,
    quantity: z.coerce
      .number({ message: "Enter a number of seats." })
      .int("Whole seats only.")
      .min(1, "At least 1 seat."),
  }),
  async ({ subscriptionId, quantity }, user) => started(await requestSeatChange(subscriptionId, quantity, user)),
);

export const cancelAction = staffAction(
  "operator",
  z.object({
    subscriptionId: id,
    confirm: z.literal("on", { message: "Tick the box to confirm that you understand the cancellation." }),
  }),
  async ({ subscriptionId }, user) => started(await requestCancellation(subscriptionId, user)),
);

export const activateAction = staffAction(
  "operator",
  z.object({ subscriptionId: id }),
  async ({ subscriptionId }, user) => ({ outcome: await activatePendingPurchase(subscriptionId, user) }),
);
