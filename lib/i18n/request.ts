import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { getServerSession } from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { isLocale, LOCALE_COOKIE, pickLocale, type Locale } from "./locales";
import { messagesFor } from "./messages";
import type { Messages } from "./messages/en";
import { staffEn } from "./messages/staff-en";

/** The pseudo-locale is a testing aid: offered in local mode, never to buyers in production. */
export function isPseudoLocaleEnabled(): boolean {
  return !getEnv().isProduction;
}

/**
 * The buyer's language: their choice in the switcher (cookie) → their Microsoft account's preferred language
 * (`xms_pl`) → their tenant's (`xms_tpl`) → the browser's Accept-Language → English (pickLocale).
 */
export async function resolveRequestLocale(): Promise<Locale> {
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  const pseudoEnabled = isPseudoLocaleEnabled();
  if (isLocale(cookie, pseudoEnabled)) return cookie;
  // Only now read the session: a chosen language costs no session decode.
  const user = (await getServerSession(getAuthOptions()))?.user;
  const acceptLanguage = (await headers()).get("accept-language");
  return pickLocale(
    { userLanguage: user?.preferredLanguage, tenantLanguage: user?.tenantLanguage, acceptLanguage },
    pseudoEnabled,
  );
}

// next-intl reads this for every server render (getTranslations, getLocale…); the plugin in next.config.js points here.
export default getRequestConfig(async () => {
  const locale = await resolveRequestLocale();
  return {
    locale,
    // Typed as English (literal strings) so t() checks ICU arguments; every translation has en's shape (MessageShape).
    // The admin area's `staff` namespace is English whatever the locale.
    messages: { ...(messagesFor(locale) as Messages), staff: staffEn },
    // Microsoft's terms are UTC dates: show them as Microsoft does, whatever the server's zone.
    timeZone: "UTC",
    onError(error) {
      // A missing or broken message shows its key (next-intl's fallback) and is logged, never thrown at a buyer.
      log.error({ code: error.code, locale }, "i18n message error");
    },
  };
});
