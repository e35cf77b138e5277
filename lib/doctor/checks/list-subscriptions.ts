import { MarketplaceClient } from "../../marketplace/client";
import { MarketplaceError } from "../../marketplace/errors";
import type { DoctorContext } from "../context";
import { fail, pass, skip, type CheckResult, type DoctorCheck } from "../types";
import { NEEDS_CONFIGURATION } from "./configuration";

/** The offers seen on a page of List Subscriptions, most subscriptions first: "fabrikam-cloud (3), other (1)". */
export function describeOffers(offerIds: (string | undefined)[]): string {
  const counts = new Map<string, number>();
  for (const id of offerIds) counts.set(id ?? "(no offerId)", (counts.get(id ?? "(no offerId)") ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id, n]) => `${id} (${n})`)
    .join(", ");
}

// Microsoft's 401/403 to a valid token almost always means the app is not the one Partner Center knows.
const NOT_REGISTERED_FIX =
  "Enter this app's Application (client) ID and Directory (tenant) ID in Partner Center → your SaaS offer → Technical configuration, publish the offer (preview is enough), and wait for Microsoft to apply it.";

function explainFailure(error: unknown): CheckResult {
  if (!(error instanceof MarketplaceError))
    return fail(
      "List Subscriptions failed unexpectedly.",
      "Run the doctor again; if it persists, read the portal's log.",
    );
  const ids = error.requestId ? ` (x-ms-requestid ${error.requestId})` : "";
  if (error.kind === "forbidden")
    return fail(
      `Microsoft refused the token with HTTP ${error.status ?? "401/403"}${ids}: the Marketplace API does not know this app as the publisher's (or its secret expired).`,
      NOT_REGISTERED_FIX,
    );
  return fail(
    `List Subscriptions failed: ${error.message} (HTTP ${error.status ?? "none"}${error.code ? `, ${error.code}` : ""})${ids}.`,
    error.kind === "unavailable" || error.kind === "timeout" || error.kind === "throttled"
      ? "Check that this machine reaches MARKETPLACE_API_URL over https, then run the doctor again."
      : "Check MARKETPLACE_API_URL (unset it for Microsoft's https://marketplaceapi.microsoft.com/api).",
  );
}

/** One page of List Subscriptions with the doctor's token: the permission every other call needs. */
export const listSubscriptionsCheck = (ctx: DoctorContext): DoctorCheck => ({
  id: "list-subscriptions",
  title: "Permission to List Subscriptions",
  async run() {
    const env = ctx.env;
    if (!env) return skip(NEEDS_CONFIGURATION);
    try {
      await ctx.accessToken();
    } catch {
      return skip("Not run: no Marketplace token (see Marketplace token).");
    }
    const client = new MarketplaceClient({
      baseUrl: env.marketplace.apiUrl,
      tokens: { getToken: () => ctx.accessToken() },
      logger: ctx.logger,
      // A diagnosis, not a workload: one retry, and an answer within the timeout the operator chose.
      policy: {
        maxAttempts: 2,
        attemptTimeoutMs: env.marketplace.timeoutMs,
        deadlineMs: env.marketplace.timeoutMs * 2,
      },
    });
    try {
      const pages = client.listSubscriptionPages();
      const first = await pages.next();
      await pages.return(undefined);
      const page = first.done ? { subscriptions: [], nextLink: undefined } : first.value;
      const more = page.nextLink ? " on the first page (there are more)" : "";
      if (!page.subscriptions.length)
        return pass("Microsoft answered List Subscriptions: no subscriptions yet (none bought, or the offer is new).");
      return pass(
        `Microsoft answered List Subscriptions: ${page.subscriptions.length} subscription(s)${more}; offers seen: ${describeOffers(page.subscriptions.map((s) => s.offerId))}.`,
      );
    } catch (error) {
      return explainFailure(error);
    }
  },
});
