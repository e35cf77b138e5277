import type { Metadata } from "next";
import localFont from "next/font/local";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { textDirection } from "@/lib/i18n/locales";
import { SiteFooter } from "./_components/site-footer";
import { SiteHeader } from "./_components/site-header";
import "./globals.css";

// Offline-safe: the font ships in an npm package (next/font/google would fetch at build time).
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: t("name"), template: `%s · ${t("name")}` },
    description: t("description"),
    // Landing URLs carry purchase tokens: keep them out of search engines.
    robots: { index: false, follow: false },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry that request's CSP nonce (proxy.ts). A page
  // prerendered at build time would carry none, and the browser would refuse to run it.
  await connection();
  const locale = await getLocale();
  const t = await getTranslations("app");
  // Client components get only what they render: the error boundary's strings (the landing page adds its own).
  const { errors } = await getMessages();
  return (
    <html lang={locale} dir={textDirection(locale)} className={inter.variable}>
      <body className="flex min-h-screen flex-col bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          {t("skipToContent")}
        </a>
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-10 sm:px-6">
          <NextIntlClientProvider messages={{ errors }}>{children}</NextIntlClientProvider>
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
