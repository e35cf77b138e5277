/**
 * The subscription page's action panel and operation progress (`staff.subscriptionActions`), both client
 * components. The actions' own problem texts still come from the server actions, in English.
 */
export const staffSubscriptionActionsEn = {
  requesting: "Requesting…",
  activate: {
    title: "Activate the purchase",
    text: "The buyer has not confirmed this purchase. Activating it starts billing now, on their behalf.",
    pending: "Activating…",
    button: "Activate",
  },
  plan: {
    title: "Change plan",
    label: "New plan (from Microsoft's list for this subscription)",
    perSeat: "{name} ({planId}, {min}–{max} seats)",
    flatRate: "{name} ({planId}, flat rate)",
    button: "Change plan",
  },
  seats: {
    title: "Change seats",
    label: "Seats (this plan allows {min}–{max})",
    button: "Change seats",
  },
  cancel: {
    title: "Cancel the subscription",
    confirm: "I understand that Microsoft ends this subscription and that it cannot be reactivated.",
    button: "Cancel subscription",
    ruleWithoutDates:
      "Cancellations within 72 hours of the purchase are not billed; later ones are billed and the customer loses access immediately.",
    rule: "Bought {bought}. Cancellations within 72 hours of the purchase (until {until}) are not billed. <strong>{window}</strong>",
    freeNow: "Cancelling now is within that window.",
    billedNow: "That window has passed: the customer is billed and loses access immediately.",
  },
  progress: {
    actions: { ChangePlan: "Plan change", ChangeQuantity: "Seat change", Unsubscribe: "Cancellation" },
    line: "{label}: {state}",
    waiting: "waiting for Microsoft…",
    checkFailed: "Could not check the progress; retrying…",
    operation: "Operation {id}",
  },
};
