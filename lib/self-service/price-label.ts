import type { useTranslations } from "next-intl";
import { formatMoney, termLabel } from "@/lib/i18n/format";
import type { Price } from "./plans";

/** A next-intl translator for namespace `account` (useTranslations / getTranslations / createTranslator). */
export type AccountTranslator = ReturnType<typeof useTranslations<"account">>;

/**
 * "Pro (€10.00 per seat / Monthly)": Microsoft's price in Microsoft's currency, formatted for the buyer's
 * language and never converted; just the name when Microsoft gave no price.
 */
export function planLabel(
  t: AccountTranslator,
  locale: string,
  name: string,
  price: Price | null,
  perSeat: boolean,
): string {
  if (!price) return name;
  const values = {
    price: formatMoney(price.amount, price.currency, locale),
    term: termLabel(price.termUnit, (unit) => t(`terms.${unit}`)),
  };
  return t("plan.option", { name, price: t(perSeat ? "plan.perSeat" : "plan.flat", values) });
}
