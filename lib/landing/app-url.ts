import "server-only";
import { getSubscription } from "@/lib/data/subscriptions";
import { getEnv } from "@/lib/env";
import { getKeyRing } from "@/lib/handoff/keys";
import { handoffClaimsOf, mintHandoffToken } from "@/lib/handoff/token";

/**
 * The app's URL with the hand-off token: where `{token}` stands in the template (e.g. in the fragment:
 * `…/start#handoff={token}`), else as the query parameter `token` (the default: simplest for server-side apps).
 */
export function appUrlWithToken(template: string, subscriptionId: string, token: string): string {
  const url = template.replaceAll("{subscriptionId}", encodeURIComponent(subscriptionId));
  if (url.includes("{token}")) return url.replaceAll("{token}", token);
  const withQuery = new URL(url);
  withQuery.searchParams.set("token", token);
  return withQuery.toString();
}

/** The origin of the app's URL: the token's audience. */
export const appOriginOf = (template: string): string => new URL(template.replaceAll("{subscriptionId}", "x")).origin;

/**
 * "Open the app" for a subscription (SAAS_APP_URL_TEMPLATE), carrying a freshly signed hand-off token; undefined
 * when the publisher set no app. Callers render it only for a signed-in person they checked may see the
 * subscription: the token is minted per render, for that person, and never cached.
 */
export async function appUrlFor(subscriptionId: string): Promise<string | undefined> {
  const env = getEnv();
  const template = env.landing.appUrlTemplate;
  if (!template) return undefined;
  const [subscription, ring] = await Promise.all([getSubscription(subscriptionId), getKeyRing()]);
  // Production refuses to start with an app and no key; a subscription the portal does not store has nothing to hand off.
  if (!subscription || !ring) return undefined;
  const token = await mintHandoffToken(ring, subscription.id, handoffClaimsOf(subscription), {
    issuer: env.portalUrl,
    audience: appOriginOf(template),
    ttlSeconds: env.handoff.tokenTtlSeconds,
  });
  return appUrlWithToken(template, subscription.id, token);
}
