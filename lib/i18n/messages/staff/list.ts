/** The admin area's shared components' strings (`staff.list`): pager, filters, sort hints, status pills, the overview's charts. Figures arrive formatted. */
export const staffListEn = {
  pages: "Pages",
  firstPage: "First page",
  previous: "← Previous",
  next: "Next →",
  sortHint: ", sort {hint}",
  apply: "Apply",
  reset: "Reset",
  pendingActivation: "Pending activation",
  charts: {
    bar: "Bar",
    // `busiest` is "none" when no day has any.
    summary: "{title}: {total} in total{busiest, select, none {} other {, at most {busiest} on {day}}}.",
    max: "max {max}",
    showTable: "Show the figures as a table",
    perDay: "{title}, per day (UTC)",
    day: "Day (UTC)",
    purchases: "Purchases",
  },
  revenue: {
    none: "No active subscriptions.",
    caption: "Active subscriptions, seats and estimated monthly revenue by plan",
    plan: "Offer / plan",
    active: "Active",
    seats: "Seats",
    perMonth: "Per month (estimate)",
    flatRate: "Flat-rate plan",
    total: "Total in {currency}",
    note: "An estimate from the plans' list prices: yearly and multi-year terms spread over their months, per-seat prices times the seats, free trials ({freeTrials} now) at nothing. Private-offer discounts, taxes, Microsoft's fee and metered usage are not included, and currencies are never added together.",
    unpriced:
      "Not priced ({count} subscriptions): no stored price for {plans}. The portal stores a plan's prices from Microsoft when a buyer lands on the portal with it, or when an operator opens a subscription of its offer.",
  },
};
