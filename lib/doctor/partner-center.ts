import type { Env } from "../env";
import { webhookUrl } from "./checks/webhook-self-test";

export type PartnerCenterValue = {
  /** As Partner Center labels the field (offer → Technical configuration). */
  label: string;
  value: string;
  /** The copy button's accessible name. */
  copyLabel: string;
};

/** The exact values to paste into Partner Center → your SaaS offer → Technical configuration. */
export function partnerCenterValues(env: Env): PartnerCenterValue[] {
  // LANDING_PATH "/" is the site's root (app/page.tsx serves the landing page when ?token= is present).
  const landing = `${env.portalUrl}${env.landing.path}`;
  return [
    { label: "Landing page URL", value: landing, copyLabel: "Copy landing page URL" },
    { label: "Connection webhook", value: webhookUrl(env.portalUrl), copyLabel: "Copy webhook URL" },
    { label: "Microsoft Entra tenant ID", value: env.marketplace.tenantId, copyLabel: "Copy tenant ID" },
    { label: "Microsoft Entra application ID", value: env.marketplace.clientId, copyLabel: "Copy application ID" },
  ];
}
