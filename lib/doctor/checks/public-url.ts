import type { DoctorContext } from "../context";
import { fail, pass, skip, type DoctorCheck } from "../types";
import { NEEDS_CONFIGURATION } from "./configuration";

/** Short, one line, and free of anything that looks like a token: what a proxy answered, for the detail. */
export function excerpt(body: string): string {
  const line = body.replace(/\s+/g, " ").trim();
  const cleaned = line.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, "[jwt]");
  return cleaned.length > 120 ? `${cleaned.slice(0, 120)}…` : cleaned || "(empty body)";
}

/** PORTAL_URL as buyers and Microsoft reach it: /api/health answers, over https in production. */
export const publicUrlCheck = (ctx: DoctorContext): DoctorCheck => ({
  id: "public-url",
  title: "Public URL reachable",
  async run() {
    const env = ctx.env;
    if (!env) return skip(NEEDS_CONFIGURATION);
    const url = `${env.portalUrl}/api/health`;
    if (env.isProduction && !env.portalUrl.startsWith("https://"))
      return fail(
        `PORTAL_URL is ${env.portalUrl}: Microsoft only opens https landing pages and calls https webhooks.`,
        "Serve the portal over https (a TLS-terminating proxy or load balancer) and set PORTAL_URL to that https URL.",
      );
    let response: Response;
    try {
      response = await ctx.fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
    } catch {
      return fail(
        `${url} could not be reached from this machine.`,
        "Check PORTAL_URL, DNS and the proxy or load balancer in front of the portal (a container may need its public name resolvable from inside).",
      );
    }
    const body = await response.text().catch(() => "");
    if (response.status >= 300 && response.status < 400)
      return fail(
        `${url} answered HTTP ${response.status} redirecting to ${response.headers.get("location") ?? "nowhere"}.`,
        "Set PORTAL_URL to the final URL (after the redirect): Microsoft's webhook calls do not follow redirects.",
      );
    if (response.status !== 200)
      return fail(
        `${url} answered HTTP ${response.status}: ${excerpt(body)}.`,
        "Route PORTAL_URL to the portal: the proxy or load balancer in front of it answered instead.",
      );
    const scheme = env.portalUrl.startsWith("https://") ? "over https" : "over http (fine in local mode only)";
    return pass(`${url} answered 200 ${scheme}.`);
  },
});
