import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";

/** The account page's client components (changes, progress) get the account strings only, not every namespace. */
export async function AccountMessages({ children }: { children: ReactNode }) {
  const { account } = await getMessages();
  return <NextIntlClientProvider messages={{ account }}>{children}</NextIntlClientProvider>;
}
