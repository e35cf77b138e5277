import { notice, type ActionHandler } from "./types";

/**
 * Cancelled (by the customer, the publisher's DELETE, the end of a suspension's grace or a term without
 * auto-renewal). Final: only the status changes; the portal keeps every record (Microsoft asks publishers to
 * keep customer data at least 7 days).
 */
export const unsubscribe: ActionHandler = { act: notice, shows: (s) => s.status === "Unsubscribed" };
