import { getLocale, getTranslations } from "next-intl/server";
import { availableLocales, LOCALE_NAMES } from "@/lib/i18n/locales";
import { isPseudoLocaleEnabled } from "@/lib/i18n/request";
import { setLocaleAction } from "./locale-actions";

/**
 * The header's language switcher: a native disclosure with one submit button per language (keyboard and
 * screen-reader friendly). Each language is named in itself, marked with its `lang`.
 */
export async function LocaleSwitcher() {
  const locale = await getLocale();
  const t = await getTranslations("language");
  // Keyed by the locale: after a switch React mounts a fresh, closed disclosure instead of keeping the open one.
  return (
    <details key={locale} className="group relative text-sm">
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded px-3 py-2 font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900">
        <span className="sr-only">{t("change")}: </span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 fill-none stroke-current" strokeWidth="1.5">
          <circle cx="10" cy="10" r="7.5" />
          <path d="M2.5 10h15M10 2.5c2 2.2 3 4.7 3 7.5s-1 5.3-3 7.5c-2-2.2-3-4.7-3-7.5s1-5.3 3-7.5z" />
        </svg>
        <span lang={locale}>{LOCALE_NAMES[locale]}</span>
      </summary>
      <form
        action={setLocaleAction}
        aria-label={t("label")}
        className="absolute right-0 z-10 mt-1 min-w-40 rounded border border-slate-200 bg-white py-1 shadow-lg"
      >
        <ul>
          {availableLocales(isPseudoLocaleEnabled()).map((option) => (
            <li key={option}>
              <button
                type="submit"
                name="locale"
                value={option}
                lang={option}
                aria-current={option === locale ? "true" : undefined}
                className="block w-full px-4 py-2 text-left text-slate-800 hover:bg-slate-100 aria-[current=true]:font-semibold"
              >
                {LOCALE_NAMES[option]}
              </button>
            </li>
          ))}
        </ul>
      </form>
    </details>
  );
}
