import { z } from "zod";

/**
 * Portal settings an owner changes at run time (Admin → Settings), stored in the database so that every
 * instance sees a change at once. Each has a schema, a default (a key nobody set) and the sentences the
 * settings page shows. Pure: the admin page's client components read the texts too.
 */
/**
 * Who among the buyer's people may change a subscription on "Your subscription" (lib/self-service/access.ts):
 * anyone of the beneficiary's tenant, only the person who activated it, or someone the beneficiary's tenant
 * gave the app role `Subscriptions.Manage` (the ID token's `roles` claim).
 */
export const BUYER_ACTORS = ["tenant", "activator", "tenantAdmin"] as const;
export type BuyerActors = (typeof BUYER_ACTORS)[number];

export const PORTAL_SETTINGS = {
  provisioningGate: {
    schema: z.boolean(),
    default: false,
    label: "Provisioning gate",
    description:
      "When on, a buyer's confirmation does not activate the purchase at Microsoft (billing does not start). The portal asks your application to set the account up (the event subscription.provisioning_requested) and activates only once your application answers POST /api/v1/subscriptions/{id}/provisioned. Meanwhile the buyer sees “We are setting up your account”. A purchase nobody answers stays pending: Microsoft cancels it 30 days after the purchase.",
  },
  buyerSelfService: {
    schema: z.boolean(),
    default: false,
    label: "Buyer self-service",
    description:
      "When on, buyers who sign in to “Your subscription” (/account) may change their plan or seats and cancel, themselves, when Microsoft allows the publisher to (never for CSP purchases, which the partner manages). Each change is confirmed by the buyer, sent to Microsoft like an operator's, followed until Microsoft finishes, and recorded with the buyer as its author. When off, buyers only read.",
  },
  buyerSelfServiceActors: {
    schema: z.enum(BUYER_ACTORS),
    default: "activator" as BuyerActors,
    label: "Who may act for the buyer",
    description:
      "Only people of the subscription's beneficiary tenant (for a personal Microsoft account: that person) can ever act; this narrows it further. Everyone else who may see the subscription reads only.",
  },
} as const;

/** What each choice of buyerSelfServiceActors means, in the settings page's words. */
export const BUYER_ACTOR_LABELS: Record<BuyerActors, string> = {
  tenant: "Any user of the beneficiary's tenant",
  activator: "Only the person who activated the subscription",
  tenantAdmin:
    "A tenant admin: a user to whom the customer's Entra admin assigned the app role Subscriptions.Manage (the ID token's roles claim)",
};

export type SettingKey = keyof typeof PORTAL_SETTINGS;
export type SettingValue<K extends SettingKey> = z.output<(typeof PORTAL_SETTINGS)[K]["schema"]>;

export const SETTING_KEYS = Object.keys(PORTAL_SETTINGS) as SettingKey[];

export function isSettingKey(value: string): value is SettingKey {
  return Object.hasOwn(PORTAL_SETTINGS, value);
}
