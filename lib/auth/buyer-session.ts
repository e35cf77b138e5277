import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getAuthOptions } from "./options";
import { getCurrentUser, type CurrentUser } from "./session";

/**
 * The signed-in buyer for "Your subscription": the person, plus the app roles their own tenant gave them
 * (the ID token's `roles` claim; lib/self-service/access.ts decides what they count for). Read on the
 * server for every request, never taken from the browser.
 */
export type Buyer = CurrentUser & { appRoles: string[] };

export const getBuyer = cache(async (): Promise<Buyer | null> => {
  const user = await getCurrentUser();
  if (!user) return null;
  const session = await getServerSession(getAuthOptions());
  return { ...user, appRoles: session?.user.appRoles ?? [] };
});
