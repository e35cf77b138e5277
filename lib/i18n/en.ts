/** Every string the portal shows, in English. A translation is a copy of this object with the same shape. */
export const en = {
  app: {
    name: "Marketplace Portal",
    description: "Set up and manage your subscription bought through Microsoft commercial marketplace.",
    skipToContent: "Skip to content",
  },
  nav: { label: "Main", buyers: "Your subscription", admin: "Admin" },
  footer: {
    text: "Subscriptions are bought and billed through Microsoft commercial marketplace.",
    status: "Service status",
  },
  home: {
    title: "Set up your subscription",
    intro: "You reach this page from Microsoft when you buy our service or manage it.",
    howTo: "Open the Azure portal or the Microsoft 365 admin center, find your SaaS subscription and select “Configure account” (or “Manage account”). Microsoft brings you back here with everything we need.",
    staff: "Publisher staff: open the admin dashboard.",
    localTitle: "Local mode",
    localText: "Microsoft is played by the local simulator. Buy a plan in its marketplace to come back here as a buyer.",
    localLink: "Open the simulator's marketplace",
  },
  signin: {
    title: "Sign in",
    intro: "Sign in with the Microsoft account you bought the subscription with: a work or school account, or a personal Microsoft account.",
    button: "Sign in with Microsoft",
    signedInAs: "Signed in as",
    signOut: "Sign out",
    failed: {
      OAuthCallback: "Microsoft could not confirm your sign-in. Try again; if it keeps failing, sign out of other Microsoft accounts in this browser first.",
      OAuthSignin: "We could not reach Microsoft's sign-in. Try again in a moment.",
      AccessDenied: "Sign-in was cancelled or refused.",
      SessionRequired: "Sign in to continue.",
      default: "Sign-in did not work. Try again.",
    },
  },
  admin: {
    title: "Admin",
    forbiddenTitle: "No access to the admin dashboard",
    forbiddenText: "You are signed in, but your account has no portal role (owner, operator or viewer).",
    forbiddenHow: "Ask an owner to grant you a role, or your Entra administrator to assign you an app role (Portal.Owner, Portal.Operator or Portal.Viewer) in the publisher's tenant. The first owner is set with ADMIN_OWNERS (see the README).",
    overview: "Overview",
    subscriptionsByStatus: "Subscriptions by status",
    noSubscriptions: "No subscriptions yet.",
  },
  errors: {
    notFoundTitle: "Page not found",
    notFoundText: "There is nothing at this address. Check the link, or start again from the home page.",
    genericTitle: "Something went wrong",
    genericText: "We could not show this page. Try again; if it keeps happening, contact the publisher's support with the reference below.",
    reference: "Reference",
    retry: "Try again",
    home: "Go to the home page",
  },
} as const;

export type Messages = typeof en;
