// GET /landing/open-app?subscription=… – "Open the app": signs a hand-off token now, for the signed-in person, and redirects to the ISV's app.
import { getCurrentUser } from "@/lib/auth/session";
import { getSubscription } from "@/lib/data/subscriptions";
import { isGuid } from "@/lib/domain/ids";
import { getEnv } from "@/lib/env";
import { route } from "@/lib/http/route";
import { appUrlFor } from "@/lib/landing/app-url";
import { canSeeSubscription } from "@/lib/landing/landing";

export const dynamic = "force-dynamic";

// A GET, so that the pages' plain link works without JavaScript. Safe as one: it changes nothing, and the token
// goes only to the app's own URL (its audience), for whoever is signed in, so a forged link gives an attacker
// nothing to read. Minting here (not when the page rendered) gives the buyer the token's whole lifetime.
export const GET = route(async (request: Request) => {
  const url = new URL(request.url);
  const ids = url.searchParams.getAll("subscription");
  const id = ids.length === 1 ? ids[0]! : "";
  const user = await getCurrentUser();
  if (!user) {
    const back = `${url.pathname}${url.search}`;
    return redirect(`/signin?callbackUrl=${encodeURIComponent(back)}`);
  }
  // Someone who may not see it, or a subscription not active: the same 404, nothing said about which.
  const subscription = isGuid(id) && (await canSeeSubscription(user, id)) ? await getSubscription(id) : null;
  const target =
    subscription && subscription.status === "Subscribed" ? await appUrlFor(subscription.id, user) : undefined;
  if (!target) return new Response("Not found", { status: 404, headers: { "cache-control": "no-store" } });
  return new Response(null, {
    status: 303,
    // The token must not linger in a cache nor travel on as a Referer.
    headers: { location: target, "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
});

function redirect(path: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location: new URL(path, getEnv().portalUrl).toString(), "cache-control": "no-store" },
  });
}
