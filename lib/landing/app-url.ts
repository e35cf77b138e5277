import { getEnv } from "@/lib/env";

/** The SaaS app's hand-off URL for a subscription (SAAS_APP_URL_TEMPLATE), if the publisher set one. */
export function appUrlFor(subscriptionId: string): string | undefined {
  const template = getEnv().landing.appUrlTemplate;
  return template?.replaceAll("{subscriptionId}", encodeURIComponent(subscriptionId));
}
