import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";

/** The landing page's client components (confirm form, setting-up poller) get the landing strings only, not every namespace. */
export async function LandingMessages({ children }: { children: ReactNode }) {
  const { landing } = await getMessages();
  return <NextIntlClientProvider messages={{ landing }}>{children}</NextIntlClientProvider>;
}
