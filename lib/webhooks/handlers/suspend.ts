import { notice, type ActionHandler } from "./types";

/** A payment failed: the subscription stays recoverable for 30 days (Reinstate) before Microsoft cancels it. */
export const suspend: ActionHandler = { act: notice, shows: (s) => s.status === "Suspended" };
