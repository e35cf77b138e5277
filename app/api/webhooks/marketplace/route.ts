import { route } from "@/lib/http/route";
import { receiveMarketplaceWebhook } from "@/lib/webhooks/receive";

// POST /api/webhooks/marketplace – Microsoft's notifications of every change to a SaaS subscription.
// Public on purpose (Microsoft calls it): the caller is authenticated by the Entra bearer token it carries,
// and every payload is confirmed with Microsoft's Operations API before anything is applied (lib/webhooks).
export const POST = route(async (request) => receiveMarketplaceWebhook(request));
