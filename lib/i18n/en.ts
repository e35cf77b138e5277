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
