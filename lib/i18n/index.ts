import { en, type Messages } from "./messages/en";

/**
 * English messages as a plain object, for code outside a request (staff e-mails, jobs). Pages and components
 * use next-intl instead (getTranslations / useTranslations), which picks the buyer's language.
 */
export function getMessages(): Messages {
  return en;
}
