"use server";

import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { inRequestContext } from "@/lib/http/request-context";
import { activatePurchase } from "@/lib/landing/activate";
import { fieldsFor, parseBuyerFields, type FieldErrors } from "@/lib/landing/buyer-fields";
import { landingUrlFor, normalizePurchaseToken } from "@/lib/landing/purchase-token";

export type ConfirmState =
  | { status: "idle" }
  | { status: "signed-out" }
  | { status: "invalid-fields"; errors: FieldErrors; values: Record<string, string> }
  | { status: "busy" }
  | {
      status: "problem";
      kind: "invalid-token" | "invalid-purchase" | "microsoft-unavailable" | "portal-problem";
      reference?: string;
    }
  | { status: "rate-limited"; retryAfterMinutes: number };

/**
 * Confirms a purchase. Only the purchase token and the buyer's own details are read from the form: the
 * subscription, plan and seats come from Microsoft (the token is resolved again here), never the browser.
 */
export async function confirmPurchaseAction(_previous: ConfirmState, form: FormData): Promise<ConfirmState> {
  const outcome = await inRequestContext(async (): Promise<ConfirmState | { redirectTo: string }> => {
    const user = await getCurrentUser();
    if (!user) return { status: "signed-out" };
    const rawToken = form.get("token");
    const token = normalizePurchaseToken(typeof rawToken === "string" ? rawToken : undefined);
    if (!token) return { status: "problem", kind: "invalid-token" };
    const env = getEnv();
    const parsed = parseBuyerFields(fieldsFor(env.landing.fields, user.email), form);
    if ("errors" in parsed) {
      const values = Object.fromEntries(
        [...form.entries()].filter(([k, v]) => k !== "token" && typeof v === "string"),
      ) as Record<string, string>;
      return { status: "invalid-fields", errors: parsed.errors, values };
    }
    const result = await activatePurchase(token, user, parsed.values);
    switch (result.kind) {
      case "activated":
        return { redirectTo: `/landing/done?subscription=${encodeURIComponent(result.subscriptionId)}` };
      case "provisioning":
        return { redirectTo: `/landing/setting-up?subscription=${encodeURIComponent(result.subscriptionId)}` };
      case "busy":
        return { status: "busy" };
      case "invalid-token":
        return { status: "problem", kind: "invalid-token" };
      case "rate-limited":
        return { status: "rate-limited", retryAfterMinutes: result.retryAfterMinutes };
      case "invalid-purchase":
      case "microsoft-unavailable":
      case "portal-problem":
        return { status: "problem", kind: result.kind, reference: result.reference };
      default:
        // Not pending any more (activated automatically, suspended, cancelled), or refused because the person
        // is outside the purchase: the landing page explains.
        return { redirectTo: landingUrlFor(env.landing.path, token) };
    }
  });
  // redirect() throws by design: outside of any try/catch.
  if ("redirectTo" in outcome) redirect(outcome.redirectTo);
  return outcome;
}
