import type { getTranslations } from "next-intl/server";

/** The webhook inbox's strings (messages `staff.webhooks`, English): handed to the column builder. */
export type WebhooksT = Awaited<ReturnType<typeof getTranslations<"staff.webhooks">>>;
