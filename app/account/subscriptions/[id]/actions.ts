"use server";

import { z } from "zod";
import { buyerAction } from "@/lib/auth/buyer-action";
import { buyerCancel, buyerChangePlan, buyerChangeSeats, buyerOperationProgress } from "@/lib/self-service/requests";

// A buyer's changes on "Your subscription". Each goes through buyerAction and lib/self-service/requests.ts:
// who the person is comes from the session, and whether they may act is decided again on the server for
// every call, so a forged POST (another subscription id, another value) is refused like a click would be.

const id = z.string().trim().min(1).max(100);

export const changeSeatsAction = buyerAction(
  z.object({ subscriptionId: id, quantity: z.coerce.number().int().min(1) }),
  ({ subscriptionId, quantity }, buyer) => buyerChangeSeats(buyer, subscriptionId, quantity),
);

export const changePlanAction = buyerAction(
  z.object({ subscriptionId: id, planId: z.string().trim().min(1).max(100) }),
  ({ subscriptionId, planId }, buyer) => buyerChangePlan(buyer, subscriptionId, planId),
);

export const cancelAction = buyerAction(
  z.object({ subscriptionId: id, confirmed: z.literal(true) }),
  ({ subscriptionId }, buyer) => buyerCancel(buyer, subscriptionId),
);

export const operationProgressAction = buyerAction(
  z.object({ subscriptionId: id, operationId: z.string().trim().min(1).max(100) }),
  ({ subscriptionId, operationId }, buyer) => buyerOperationProgress(buyer, subscriptionId, operationId),
);
