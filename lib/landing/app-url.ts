import "server-only";
import { getSubscription } from "@/lib/data/subscriptions";
import { getEnv } from "@/lib/env";
import { getKeyRing } from "@/lib/handoff/keys";
import { handoffClaimsOf, mintHandoffToken, type HandoffClicker } from "@/lib/handoff/token";

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

/** Where the pages' "Open the app" points: a portal route that mints the token at the click (app/landing/open-app). */
export const openAppPath = (subscriptionId: string): string =>
  `/landing/open-app?subscription=${encodeURIComponent(subscriptionId)}`;

/** Whether the publisher set an app to open (SAAS_APP_URL_TEMPLATE): the pages show "Open the app" then. */
export const hasApp = (): boolean => Boolean(getEnv().landing.appUrlTemplate);

/**
 * The app's URL for a subscription (SAAS_APP_URL_TEMPLATE), carrying a hand-off token signed now, for the
 * person who clicked; undefined when the publisher set no app. Called at the click, only for a signed-in
 * person the caller checked may see the subscription, so the token's lifetime starts when it is used, not
 * when a page rendered. Never cached.
 */
export async function appUrlFor(subscriptionId: string, clicker: HandoffClicker): Promise<string | undefined> {
  const env = getEnv();
  const template = env.landing.appUrlTemplate;
  if (!template) return undefined;
  const [subscription, ring] = await Promise.all([getSubscription(subscriptionId), getKeyRing()]);
  // Production refuses to start with an app and no key; a subscription the portal does not store has nothing to hand off.
  if (!subscription || !ring) return undefined;
  const token = await mintHandoffToken(ring, subscription.id, handoffClaimsOf(subscription, clicker), {
    issuer: env.portalUrl,
    audience: appOriginOf(template),
    ttlSeconds: env.handoff.tokenTtlSeconds,
  });
  return appUrlWithToken(template, subscription.id, token);
}
