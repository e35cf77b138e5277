import { notice, type ActionHandler } from "./types";

/** The term rolled over: the new term dates come from Get Subscription. */
export const renew: ActionHandler = { act: notice, shows: (s) => s.status === "Subscribed" };
