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
      /** Entra's optional claims `xms_pl` / `xms_tpl`, validated as short BCP 47 tags (lib/i18n/request.ts). */
      preferredLanguage: string | null;
      tenantLanguage: string | null;
    };
  }
}
