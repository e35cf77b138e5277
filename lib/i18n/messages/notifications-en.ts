/**
 * Staff notifications (e-mail, Teams, Slack): staff-facing, so English only; kept in a message file like the
 * pages' strings, rendered by lib/notifications/render.ts with next-intl's createTranslator.
 */
export const notificationsEn = {
  facts: {
    subscription: "Subscription",
    offerPlan: "Offer / plan",
    seats: "Seats",
    status: "Status",
    purchased: "Purchased",
    asked: "Asked",
    endpoint: "Endpoint",
    usageHour: "Usage hour",
    whatToDo: "What to do",
  },
  links: {
    subscription: "Open the subscription",
    webhooks: "Open the webhook inbox",
    events: "Open Outbound events",
    usage: "Open Usage",
    setup: "Open Setup",
  },
  aSubscription: "a subscription",
  newPurchase: { title: "New purchase: {name}", summary: "A customer bought {plan}.", aPlan: "a plan" },
  suspension: {
    title: "Suspended: {name}",
    summary:
      "Microsoft suspended the subscription (usually a failed payment); the customer keeps it for 30 days before it is cancelled.",
  },
  cancellation: {
    title: "Cancelled: {name}",
    unbilled: "Cancelled within 72 hours of the purchase: Microsoft does not bill it.",
    billed: "Cancelled after the 72-hour unbilled window: the term is billed and the customer has lost access.",
  },
  changeRefused: {
    title: "Customer change refused: {name}",
    summary: "The webhook policy refused the customer's change.",
  },
  webhookFailing: {
    title: "Webhook delivery {status}: {action} for {name}",
    delivery: "delivery",
    summary: "A webhook delivery from Microsoft needs an owner's look.",
  },
  driftRepaired: {
    title: "Reconciliation repaired: {name}",
    summary: "The portal's copy differed from Microsoft's and no webhook had said so; it now holds Microsoft's.",
  },
  endpointDisabled: {
    title: "Outbound-event endpoint disabled",
    summary: "The portal disabled an endpoint of your application.",
  },
  usageFlagged: {
    title: "Metered usage needs a person",
    summary: "An hour of usage was flagged ({reason}).",
    seeUsagePage: "see the usage page",
  },
  pendingActivation: {
    title: "Purchase pending activation for {days} days: {name}",
    urgentTitle: "Urgent: Purchase pending activation for {days} days: {name}",
    summary: "Microsoft cancels a purchase that is not activated within {limit} days: {left} day(s) left.",
  },
  credentialExpiring: {
    expired: "The Marketplace {what} has expired",
    expiresSoon: "The Marketplace {what} expires soon",
    summary: "The {what} needs renewing.",
    credential: "credential",
  },
} as const;
