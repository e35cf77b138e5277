import { z } from "zod";

/**
 * Portal settings an owner changes at run time (Admin → Settings), stored in the database so that every
 * instance sees a change at once. Each has a schema, a default (a key nobody set) and the sentences the
 * settings page shows. Pure: the admin page's client components read the texts too.
 */
export const PORTAL_SETTINGS = {
  provisioningGate: {
    schema: z.boolean(),
    default: false,
    label: "Provisioning gate",
    description:
      "When on, a buyer's confirmation does not activate the purchase at Microsoft (billing does not start). The portal asks your application to set the account up (the event subscription.provisioning_requested) and activates only once your application answers POST /api/v1/subscriptions/{id}/provisioned. Meanwhile the buyer sees “We are setting up your account”. A purchase nobody answers stays pending: Microsoft cancels it 30 days after the purchase.",
  },
} as const;

export type SettingKey = keyof typeof PORTAL_SETTINGS;
export type SettingValue<K extends SettingKey> = z.output<(typeof PORTAL_SETTINGS)[K]["schema"]>;

export const SETTING_KEYS = Object.keys(PORTAL_SETTINGS) as SettingKey[];

export function isSettingKey(value: string): value is SettingKey {
  return Object.hasOwn(PORTAL_SETTINGS, value);
}
