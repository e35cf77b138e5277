import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from "./locales";
import { messagesFor } from "./messages";
import type { Messages } from "./messages/en";
import { staffEn } from "./messages/staff-en";

/** The pseudo-locale is a testing aid: offered in local mode, never to buyers in production. */
export function isPseudoLocaleEnabled(): boolean {
  return !getEnv().isProduction;
}

/** The buyer's language: their choice in the switcher (cookie) → the browser's Accept-Language → English. */
export async function resolveRequestLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen, isPseudoLocaleEnabled())) return chosen;
  return negotiateLocale((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
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
