"use server";

import { cookies } from "next/headers";
import { getEnv } from "@/lib/env";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { isPseudoLocaleEnabled } from "@/lib/i18n/request";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The language switcher's choice, kept in a cookie that wins over Accept-Language. Setting a cookie in an
 * action re-renders the current page, so the buyer stays where they were; without JavaScript it is a plain
 * form POST (our `Referrer-Policy: same-origin` keeps its Origin header, which Next.js checks).
 * Only a shipped locale is stored; anything else is ignored.
 */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  if (!isLocale(locale, isPseudoLocaleEnabled())) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
    sameSite: "lax",
    httpOnly: true,
    secure: getEnv().isProduction,
  });
}
