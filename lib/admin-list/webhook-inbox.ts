import { z } from "zod";
import type { DeliveryStatus } from "@/lib/data/deliveries";
import { defineListCodec, refused, schemaField, type Field } from "./codec";

/** The admin webhook inbox's URL: a delivery status or the 'Needs attention' flag, a subscription, a cursor. */

export const INBOX_PATH = "/admin/webhooks";
export const INBOX_STATUSES = [
  "Queued",
  "Running",
  "Applied",
  "Pending",
  "Ignored",
  "Failed",
  "Refused",
] as const satisfies readonly DeliveryStatus[];

export type InboxState = {
  status?: (typeof INBOX_STATUSES)[number];
  /** Only deliveries flagged for an operator (an action or status Microsoft has not documented). */
  attention: boolean;
  subscription?: string;
  /** The id of the last delivery of the previous page (newest first). */
  cursor?: string;
};

const attention: Field<InboxState, boolean> = {
  param: "attention",
  read: (raw) => (raw === "1" ? { ok: true, value: true } : refused("the attention filter", raw)),
  fallback: () => false,
  write: (on) => (on ? "1" : undefined),
};

export const inboxList = defineListCodec<InboxState>({
  path: INBOX_PATH,
  fields: {
    status: schemaField("status", z.enum(INBOX_STATUSES), "the status filter"),
    attention,
    subscription: schemaField("subscription", z.string().trim().max(100), "the subscription filter"),
    cursor: {
      param: "cursor",
      read: (raw) =>
        z.uuid().safeParse(raw).success
          ? { ok: true, value: raw }
          : { ok: false, notice: "The page link is not valid: showing the newest deliveries." },
      fallback: () => undefined,
      write: (id) => id,
    },
  },
  cursors: ["cursor"],
});
