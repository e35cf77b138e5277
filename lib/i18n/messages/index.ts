import { PSEUDO_LOCALE, type Locale, type ShippedLocale } from "../locales";
import { pseudoMessages } from "../pseudo";
import { de } from "./de";
import { en, type MessageShape } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { ja } from "./ja";
import { zhTW } from "./zh-TW";

/** Every shipped locale's messages. Adding a language: one file here and one line below (docs-i18n.md). */
export const MESSAGES: Record<ShippedLocale, MessageShape> = { en, de, "zh-TW": zhTW, ja, fr, es };

let pseudo: MessageShape | undefined;

/** The messages for a locale; the pseudo-locale's are generated from en on first use (never a checked-in file). */
export function messagesFor(locale: Locale): MessageShape {
  if (locale === PSEUDO_LOCALE) return (pseudo ??= pseudoMessages(en));
  return MESSAGES[locale];
}
