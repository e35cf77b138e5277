import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getAuthOptions } from "./options";
import { listGrantedRoles } from "@/lib/data/users";
import { getEnv } from "@/lib/env";
import { configuredRoles, hasRole, type PortalRole } from "./roles";

export type CurrentUser = {
  id: string;
  oid: string;
  tid: string;
  email: string | null;
  name: string | null;
  preferredUsername: string | null;
  /** Staff roles: from Entra app roles and the allow-list (lib/auth/roles.ts) and those granted in the portal. */
  roles: PortalRole[];
};

/** The signed-in person, or null. Roles are computed on the server for every request, never taken from the browser. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(getAuthOptions());
  const user = session?.user;
  if (!user?.id || !user.oid || !user.tid) return null;
  const fromConfig = configuredRoles(
    { tid: user.tid, oid: user.oid, email: user.email, appRoles: user.appRoles },
    getEnv().admin,
  );
  const granted = await listGrantedRoles(user.id);
  const roles = [...new Set<PortalRole>([...fromConfig, ...granted])];
  return {
    id: user.id,
    oid: user.oid,
    tid: user.tid,
    email: user.email,
    name: user.name,
    preferredUsername: user.preferredUsername,
    roles,
  };
});

export class NotAllowedError extends Error {
  constructor(readonly reason: "signed-out" | "forbidden") {
    super(reason === "signed-out" ? "Sign in first." : "Your account does not have the role this needs.");
    this.name = "NotAllowedError";
  }
}

/** For server actions and route handlers: the user, or a NotAllowedError. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new NotAllowedError("signed-out");
  return user;
}

export async function requireRole(role: PortalRole): Promise<CurrentUser> {
  const user = await requireUser();
  if (!hasRole(user.roles, role)) throw new NotAllowedError("forbidden");
  return user;
}

/**
 * For admin pages: the user when they have `role`; null when they are signed in without it (the page
 * then renders <NoAccess />); signed-out visitors are sent to sign in. It does not throw for a missing
 * role, because the admin layout already shows its own refusal and a thrown error would be logged as one.
 */
export async function staffPageUser(role: PortalRole, callbackUrl = "/admin"): Promise<CurrentUser | null> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return hasRole(user.roles, role) ? user : null;
}
