import type { DoctorContext } from "../context";
import { fail, pass, skip, type DoctorCheck } from "../types";
import { NEEDS_CONFIGURATION } from "./configuration";
import { excerpt } from "./public-url";

/** Partner Center's "Connection webhook": Microsoft POSTs every notification here. */
export const webhookUrl = (portalUrl: string): string => `${portalUrl}/api/webhooks/marketplace`;

/**
 * An unsigned POST to the public webhook URL must be refused with 401, through whatever proxy is in front.
 * Anything else means the route is not what answers (a proxy's 404 or 200, a redirect, a WAF's 403), or it
 * accepts calls without Microsoft's token. The body is not a real notification, so nothing is recorded.
 */
export const webhookSelfTestCheck = (ctx: DoctorContext): DoctorCheck => ({
  id: "webhook-refuses-unsigned",
  title: "Webhook refuses an unsigned call",
  async run() {
    const env = ctx.env;
    if (!env) return skip(NEEDS_CONFIGURATION);
    const url = webhookUrl(env.portalUrl);
    let response: Response;
    try {
      response = await ctx.fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "marketplace-portal-doctor" },
        body: JSON.stringify({ id: "setup-doctor-self-test", action: "Unsubscribe" }),
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      return fail(
        `${url} could not be reached from this machine.`,
        "Check PORTAL_URL, DNS and the proxy or load balancer in front of the portal.",
      );
    }
    const body = await response.text().catch(() => "");
    if (response.status === 401) return pass(`${url} answered 401 to a call without Microsoft's token.`);
    const where = response.status >= 300 && response.status < 400 ? ` to ${response.headers.get("location")}` : "";
    return fail(
      `${url} answered HTTP ${response.status}${where} instead of 401 to a call without a token: ${excerpt(body)}.`,
      response.status >= 200 && response.status < 300
        ? "Make the proxy pass POST /api/webhooks/marketplace to the portal unchanged (with its Authorization header): something else accepted an unsigned call."
        : "Make the proxy pass POST /api/webhooks/marketplace to the portal unchanged, without redirects or its own authentication.",
    );
  },
});
