import "next-auth";

declare module "next-auth" {
  interface Session {
    user: {
      /** The portal's user id. */
      id: string;
      oid: string;
      tid: string;
      email: string | null;
      name: string | null;
      preferredUsername: string | null;
      /** Entra app roles as the ID token carried them (only trusted in the admin tenant: see lib/auth/roles.ts). */
      appRoles: string[];
    };
  }
}
