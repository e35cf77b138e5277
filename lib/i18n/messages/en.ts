import { accountEn } from "./account/en";
/**
 * Every string the portal shows, in English: the source language. Messages use ICU syntax ({name},
 * {count, plural, …}). Each translation (de.ts, ja.ts…) is typed `MessageShape`, so a missing or extra key
 * fails typecheck; a new namespace is one more top-level key here and in each translation.
 */
export const en = {
  app: {
    name: "Marketplace Portal",
    description: "Set up and manage your subscription bought through Microsoft commercial marketplace.",
    skipToContent: "Skip to content",
  },
  nav: { label: "Main", buyers: "Your subscription", admin: "Admin" },
  language: { label: "Language", change: "Change the language" },
  pages: {
    landing: "Set up your subscription",
    done: "Subscription active",
    settingUp: "Setting up your account",
    invalidLink: "This link is not valid",
    signin: "Sign in",
  },
  terms: {
    P1M: "month",
    P1Y: "year",
    P2Y: "2 years",
    P3Y: "3 years",
    P4Y: "4 years",
    P5Y: "5 years",
  },
  footer: {
    text: "Subscriptions are bought and billed through Microsoft commercial marketplace.",
    status: "Service status",
  },
  home: {
    title: "Set up your subscription",
    intro: "You reach this page from Microsoft when you buy our service or manage it.",
    howTo:
      "Open the Azure portal or the Microsoft 365 admin center, find your SaaS subscription and select “Configure account” (or “Manage account”). Microsoft brings you back here with everything we need.",
    staff: "Publisher staff: open the admin dashboard.",
    localTitle: "Local mode",
    localText:
      "Microsoft is played by the local simulator. Buy a plan in its marketplace to come back here as a buyer.",
    localLink: "Open the simulator's marketplace",
  },
  signin: {
    title: "Sign in",
    intro:
      "Sign in with the Microsoft account you bought the subscription with: a work or school account, or a personal Microsoft account.",
    button: "Sign in with Microsoft",
    signedInAs: "Signed in as",
    signOut: "Sign out",
    failed: {
      OAuthCallback:
        "Microsoft could not confirm your sign-in. Try again; if it keeps failing, sign out of other Microsoft accounts in this browser first.",
      OAuthSignin: "We could not reach Microsoft's sign-in. Try again in a moment.",
      AccessDenied: "Sign-in was cancelled or refused.",
      SessionRequired: "Sign in to continue.",
      default: "Sign-in did not work. Try again.",
    },
  },
  landing: {
    signInTitle: "Sign in to set up your subscription",
    signInText:
      "You have bought a subscription through Microsoft. Sign in with the Microsoft account you used, and we will show you the details to confirm.",
    confirmTitle: "Confirm your subscription",
    confirmIntro:
      "Check the details Microsoft sent us. When you confirm, your subscription starts and Microsoft begins billing.",
    details: "Subscription details",
    subscriptionName: "Subscription",
    offer: "Offer",
    plan: "Plan",
    price: "Price",
    pricePerSeat: "{price} per seat / {term}",
    priceFlat: "{price} / {term}",
    seats: "Seats",
    seatCount: "{count, plural, one {# seat} other {# seats}}",
    term: "Billing term",
    termDates: "Current term",
    autoRenew: "Renews automatically",
    yes: "Yes",
    no: "No",
    purchaser: "Bought by",
    beneficiary: "Bought for",
    purchaserHelp: "Who placed the order (a partner or reseller when they bought on your behalf).",
    beneficiaryHelp: "The organization or person who uses the subscription.",
    meters: "Usage-based charges",
    markersLabel: "About this purchase",
    markers: { test: "Test purchase", freeTrial: "Free trial", csp: "Bought through a partner" },
    yourDetails: "Your details",
    fields: { companyName: "Company or organization", contactEmail: "Contact e-mail" },
    fieldErrors: {
      required: "Fill in this field.",
      tooLong: "Use at most {max, number} characters.",
      email: "Enter an e-mail address such as name@example.com.",
      phone: "Enter a phone number using digits, spaces and + ( ) - .",
    },
    optional: "optional",
    confirm: "Confirm and start my subscription",
    confirming: "Confirming with Microsoft…",
    activeTitle: "Your subscription is active",
    activeHere: "You are all set: your subscription is active and Microsoft has started billing.",
    activeAuto: "This subscription was activated automatically when it was bought: there is nothing to confirm.",
    openApp: "Open the app",
    noApp: "The publisher will contact you with the next steps.",
    manageHint:
      "To change the plan or the number of seats, or to cancel, use the Azure portal or the Microsoft 365 admin center, where you bought it.",
    suspendedTitle: "Your subscription is suspended",
    suspendedText:
      "Microsoft could not collect the payment for this subscription. Update the payment method in the Azure portal or the Microsoft 365 admin center; your subscription is restored as soon as the payment goes through. Unpaid subscriptions are cancelled after 30 days.",
    cancelledTitle: "This subscription was cancelled",
    cancelledText:
      "It can no longer be used or reactivated. To use the service again, buy a new subscription in the Microsoft marketplace.",
    notReadyTitle: "Microsoft is still preparing this purchase",
    notReadyText: "Try again in a few minutes from the Azure portal or the Microsoft 365 admin center.",
    invalidTokenTitle: "We couldn't identify this purchase",
    invalidTokenText:
      "Reopen this SaaS subscription in the Azure portal or in Microsoft 365 Admin Center and select Configure Account or Manage Account again.",
    invalidTokenHint: "The link Microsoft gives you is valid for 24 hours and works only as it was sent.",
    unavailableTitle: "Microsoft is not answering right now",
    unavailableText:
      "We could not reach Microsoft's marketplace service to look up your purchase. Nothing has been changed. Try again in a few minutes.",
    retry: "Try again",
    portalProblemTitle: "We cannot set up subscriptions at the moment",
    portalProblemText:
      "The problem is on our side, not yours. Our team has been alerted; please try again later, or contact support and quote the reference below.",
    reference: "Reference",
    busy: "Your subscription is being confirmed in another window or tab. Wait a moment, then reload this page.",
    doneTitle: "Welcome aboard",
    settingUpTitle: "We are setting up your account",
    settingUpText:
      "Thank you for confirming. The publisher is preparing your account now. Your subscription starts, and Microsoft starts billing, only once it is ready.",
    settingUpActivating: "Your account is ready. We are starting your subscription with Microsoft.",
    settingUpLive: "This page updates by itself; you can also close it and come back with the same link later.",
    settingUpFailedTitle: "The publisher could not finish setting up your account",
    settingUpFailedText:
      "They have been told and will follow up. Nothing is billed until your account is ready; this page updates by itself when it is.",
    settingUpFailedReason: "What the publisher says",
    settingUpCancelled: "This purchase was cancelled before the account was ready. Nothing is billed.",
    settingUpChecked: "Last checked: {time}.",
    signedOut: "Your session ended. Sign in again to confirm.",
    invalidPurchaseTitle: "This purchase link is not valid",
    invalidPurchaseText:
      "Microsoft's answer about this purchase is incomplete, so we cannot set it up. Nothing was set up and nothing is billed.",
    invalidPurchaseHint:
      "Reopen this SaaS subscription in the Azure portal or in Microsoft 365 Admin Center and select Configure Account again. If it keeps happening, contact us and quote the reference below.",
    rateLimitedTitle: "Too many purchase links checked",
    rateLimitedText:
      "Your account has opened many purchase links in a short time, so we have paused checking them with Microsoft for a while.",
    rateLimitedWait: "{minutes, plural, one {Wait # minute, then try again.} other {Wait # minutes, then try again.}}",
    outsideTitle: "This purchase belongs to another organization",
    outsideText:
      "You are signed in with an account that belongs neither to the organization that bought this subscription nor to the one it was bought for. Only they can set it up.",
    outsideHow:
      "Sign in with your account at that organization (a personal Microsoft account works only for the person who bought with it). If you are setting it up for them, ask them to confirm it, or contact us.",
    switchAccount: "Sign in with another account",
    outsideWarnTitle: "You are not part of the organization that bought this subscription",
    outsideWarnText:
      "Your account belongs neither to the organization that bought this subscription nor to the one it was bought for. Confirm only if they asked you to set it up for them: we record who confirmed it, and the publisher will see that it was someone outside the purchase.",
    invalidLinkTitle: "This link is not valid",
    invalidLinkText:
      "The address you opened has a part that appears more than once, so we cannot tell which purchase or subscription it means. Nothing was changed.",
    invalidLinkHint:
      "Open the link from Microsoft again: in the Azure portal or the Microsoft 365 admin center, find your SaaS subscription and select Configure account (or Manage account).",
  },
  admin: {
    forbiddenTitle: "No access to the admin dashboard",
    forbiddenText: "You are signed in, but your account has no portal role (owner, operator or viewer).",
    forbiddenHow:
      "Ask an owner to grant you a role, or your Entra administrator to assign you an app role (Portal.Owner, Portal.Operator or Portal.Viewer) in the publisher's tenant. The first owner is set with ADMIN_OWNERS (see the README).",
  },
  errors: {
    notFoundTitle: "Page not found",
    notFoundText: "There is nothing at this address. Check the link, or start again from the home page.",
    genericTitle: "Something went wrong",
    genericText:
      "We could not show this page. Try again; if it keeps happening, contact the publisher's support with the reference below.",
    reference: "Reference",
    retry: "Try again",
    home: "Go to the home page",
  },
  account: accountEn,
} as const;

export type Messages = typeof en;

/** The shape every translation must fill: the same keys as en, each a string. */
export type MessageShape<T = Messages> = { readonly [K in keyof T]: T[K] extends string ? string : MessageShape<T[K]> };
