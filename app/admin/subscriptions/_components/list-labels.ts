import type { getTranslations } from "next-intl/server";

/** The subscriptions list's strings (messages `staff.subscriptions`, English): handed to the column and filter builders. */
export type SubscriptionsT = Awaited<ReturnType<typeof getTranslations<"staff.subscriptions">>>;
