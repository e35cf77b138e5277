"use server";

import { getCurrentUser } from "@/lib/auth/session";
import { isGuid } from "@/lib/domain/ids";
import { inRequestContext } from "@/lib/http/request-context";
import { provisioningViewFor, type ProvisioningView } from "@/lib/landing/provisioning-view";

/**
 * What the setting-up page shows now (it calls this every few seconds). Checked like the page: signed in,
 * and the subscription is this person's to see; anything else answers null and the page stops asking.
 */
export async function provisioningStatusAction(subscriptionId: string): Promise<ProvisioningView | null> {
  return inRequestContext(async () => {
    const user = await getCurrentUser();
    if (!user || typeof subscriptionId !== "string" || !isGuid(subscriptionId)) return null;
    return provisioningViewFor(user, subscriptionId);
  });
}
