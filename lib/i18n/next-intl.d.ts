import type { Locale } from "./locales";
import type { Messages } from "./messages/en";
import type { StaffMessages } from "./messages/staff-en";

// Types every t("…") call against the English messages: an unknown key or a missing ICU argument fails typecheck.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages & { readonly staff: StaffMessages };
  }
}
