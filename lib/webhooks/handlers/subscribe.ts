import { notice, type ActionHandler } from "./types";

/** Auto-activation plans: the purchase is active at once and announced by this webhook (no Activate call). */
export const subscribe: ActionHandler = {
  act: notice,
  shows: (s) => s.status !== "PendingFulfillmentStart" && s.status !== "NotStarted",
};
