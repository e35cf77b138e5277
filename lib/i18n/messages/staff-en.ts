/**
 * The admin area's strings: staff-facing, English only (the buyer's language does not apply), so the buyer
 * translations do not carry them. Served to next-intl as the `staff` namespace (lib/i18n/request.ts).
 * Pages not listed here still have inline English (see docs-i18n.md).
 */
export const staffEn = {
  nav: {
    label: "Admin",
    overview: "Overview",
    subscriptions: "Subscriptions",
    webhooks: "Webhook inbox",
    reconciliation: "Reconciliation",
    people: "People",
    apiKeys: "API keys",
    settings: "Settings",
    setup: "Setup",
    usage: "Usage",
    events: "Outbound events",
    notifications: "Notifications",
  },
  noAccess: {
    title: "This page needs the {role} role",
    text: "Ask an owner for it on the People page.",
  },
  overview: {
    title: "Overview",
    testIncluded: "Test purchases are included.",
    testLeftOut: "Test purchases are left out.",
    leaveOut: "Leave them out",
    include: "Include them",
    subscriptions: "Subscriptions",
    activeCount: "{count} active",
    pendingActivation: "Pending activation",
    oldest: "oldest {age}",
    noneWaiting: "none waiting",
    activeSeats: "Active seats",
    activeSeatsDetail: "per-seat plans, active subscriptions",
    monthlyRevenue: "Monthly revenue (estimate)",
    monthlyRevenueDetail: "from list prices, each currency apart; see below",
    medianToActivate: "Median time to activate",
    p90: "90th percentile {duration}",
    byStatus: "Subscriptions by status",
    status: "Status",
    statusLabels: { PendingFulfillmentStart: "Pending activation", NotStarted: "Not started" },
    notActivated: "Purchases not yet activated",
    pendingText:
      "{count, plural, one {# purchase waits} other {# purchases wait}} for activation. Microsoft does not bill them until they are activated.",
    pendingNone: "No purchase is waiting for activation.",
    pendingLink: "See them, oldest first",
    pendingCaption: "Purchases waiting for activation, by time since purchase",
    waitingFor: "Waiting for",
    purchases: "Purchases",
    perDayTitle: "New purchases per day, last {days, number} days",
    perDayChart: "New purchases in the last {days, number} days",
    activationTitle: "Time from purchase to activation",
    median: "Median",
    percentile90: "90th percentile",
    activations: "Activations",
    activationNote:
      "Purchases of the last {days, number} days that were activated in the portal, from Microsoft's purchase time to the activation.",
    revenueTitle: "Estimated monthly revenue and seats by plan",
  },
  settings: {
    title: "Settings",
    intro:
      "Settings kept in the portal's database: a change holds on every instance from the next request, and is on the event feed with who made it.",
    gateState: "{label}: {on, select, true {on} other {off}}",
    gateHow:
      "Your application needs an <keys>API key</keys> with the scope <code>subscriptions:provision</code>; purchases waiting for it are listed under <awaiting>Subscriptions → awaiting provisioning</awaiting>.",
    lastChanged: "Last changed {date}.",
    lastChangedBy: "Last changed {date} by {who}.",
    neverChanged: "Never changed (off by default).",
    gateCheckbox: "Wait for my application to provision before activating",
    save: "Save",
    saving: "Saving…",
    saved: "Saved: the provisioning gate is {on, select, true {on} other {off}}.",
  },
  people: {
    title: "People",
    intro:
      "Everyone who has signed in. Roles come from three places: Entra app roles (Portal.Owner, Portal.Operator, Portal.Viewer, for users of the publisher's tenant), the ADMIN_OWNERS / ADMIN_OPERATORS / ADMIN_VIEWERS settings, and grants made here. Only grants made here can be removed here.",
    searchLabel: "Search people",
    searchPlaceholder: "Name, e-mail, object or tenant id",
    search: "Search",
    caption: "People and their portal roles",
    person: "Person",
    tenant: "Tenant",
    lastSignIn: "Last sign-in",
    fromConfiguration: "From configuration",
    grantedHere: "Granted here",
    noEmail: "no e-mail",
    publisherTenant: "Publisher tenant",
    nobody: "Nobody matches.",
  },
} as const;

export type StaffMessages = typeof staffEn;
