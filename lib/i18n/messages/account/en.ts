/**
 * "Your subscription" (/account), in English: namespace `account` of every message file. Its own file so that
 * en.ts stays readable; translations sit next to it (de.ts, ja.ts…) and are typed by en's shape.
 */
export const accountEn = {
  listTitle: "Your subscriptions",
  listIntro:
    "Subscriptions bought through Microsoft for you or your organization, or by you for someone else. Open one to see its details and, where the publisher allows it, to change or cancel it.",
  listEmpty:
    "We found no subscription for the account you are signed in with ({account}). Sign in with the account you bought with, or open the subscription from the Azure portal or the Microsoft 365 admin center.",
  manage: "Open {name}",
  doneLink: "See and manage your subscription",
  backToList: "All your subscriptions",
  breadcrumb: "Breadcrumb",
  detailsTitle: "Details",
  fields: {
    status: "Status",
    plan: "Plan",
    seats: "Seats",
    seatCount: "{count, plural, one {# seat} other {# seats}}",
    term: "Current term",
    termDates: "{start} – {end}",
    billingTerm: "Billing term",
    autoRenew: "Renews automatically",
    yes: "Yes",
    no: "No",
    boughtBy: "Bought by",
    boughtFor: "Bought for",
    notPerSeat: "Not sold per seat",
  },
  status: {
    PendingFulfillmentStart: "Waiting for confirmation",
    Subscribed: "Active",
    Suspended: "Suspended (payment problem)",
    Unsubscribed: "Cancelled",
  },
  terms: {
    P1M: "Monthly",
    P1Y: "Yearly",
    P2Y: "Every 2 years",
    P3Y: "Every 3 years",
    P4Y: "Every 4 years",
    P5Y: "Every 5 years",
  },
  actionsTitle: "Change your subscription",
  actionsOff:
    "To change the plan or the number of seats, or to cancel, use the Azure portal or the Microsoft 365 admin center, where you bought it.",
  readOnly: {
    "not-beneficiary":
      "Only people of the organization this subscription was bought for can change it. You can see it because your organization bought it or set it up.",
    "not-activator":
      "Only the person who activated this subscription can change it here. Ask them, or your administrator.",
    "no-admin-role":
      "Only your organization's administrators for this service (the app role Subscriptions.Manage in your Microsoft Entra tenant) can change it here. Ask your administrator.",
  },
  partnerManaged:
    "This subscription was bought through a Microsoft partner (CSP). Your partner manages its plan, seats and cancellation: contact them.",
  notActive: "Only an active subscription can be changed.",
  unavailable: "We cannot reach Microsoft right now to show what you can change. Try again in a few minutes.",
  inProgress: "A change of this subscription is still in progress at Microsoft. Wait until it has finished.",
  seats: {
    title: "Change the number of seats",
    label: "Seats (this plan allows {min, number}–{max, number})",
    review: "Review seat change",
    confirmTitle: "Confirm the seat change",
    confirmText:
      "Change from {from, number} to {to, plural, one {# seat} other {# seats}}? Microsoft adjusts your bill for the current term.",
    outOfRange: "Choose between {min, number} and {max, number} seats. For more, change the plan first.",
    same: "That is already your number of seats.",
  },
  plan: {
    title: "Change the plan",
    label: "New plan",
    option: "{name} ({price})",
    needsSeats: "{option}: needs {min, number}–{max, number} seats, change the seats first",
    needsSeatsMin: "{option}: needs at least {min, number} seats, change the seats first",
    perSeat: "{price} per seat / {term}",
    flat: "{price} / {term}",
    review: "Review plan change",
    confirmTitle: "Confirm the plan change",
    confirmText: "Change from {from} to {to}? Prices are Microsoft's, in your currency.",
    none: "No other plan is available for this subscription.",
    noneFits: "The other plans need a different number of seats. Change the seats first:",
  },
  cancel: {
    title: "Cancel the subscription",
    freeUntil:
      "Cancelling within 72 hours of the purchase is free: until {until}, you are not billed for this subscription.",
    billedSince:
      "The first 72 hours after the purchase ended on {until}: you are billed for the current term and lose access as soon as Microsoft cancels it.",
    billed:
      "The first 72 hours after the purchase have passed: you are billed for the current term and lose access as soon as Microsoft cancels it.",
    review: "Review cancellation",
    confirmTitle: "Confirm the cancellation",
    confirmText:
      "Cancel {name}? Microsoft ends the subscription; it cannot be reactivated, and a new purchase is needed to use the service again.",
    confirmFree: "You are within the first 72 hours: the cancellation is not billed.",
    confirmBilled: "You are past the first 72 hours: the current term is billed.",
  },
  confirm: "Confirm",
  back: "Back",
  sending: "Sending to Microsoft…",
  progress: {
    ChangeQuantity: "Seat change",
    ChangePlan: "Plan change",
    Unsubscribe: "Cancellation",
    waiting: "{action}: waiting for Microsoft…",
    Succeeded: "{action}: done.",
    Failed: "{action}: Microsoft could not make the change. Your subscription is unchanged.",
    Conflict: "{action}: nothing to change, it was already so.",
    checkFailed: "We could not check the progress; trying again…",
    appliedAlready: "Microsoft already shows the change.",
  },
  errors: {
    signedOut: "Your session ended. Sign in again.",
    notFound: "We could not find this subscription for your account.",
    forbidden: "You cannot change this subscription.",
    invalid: "Check the value you entered.",
    failed:
      "The change could not be requested. Reload the page to see your subscription as it is now before trying again.",
  },
} as const;
