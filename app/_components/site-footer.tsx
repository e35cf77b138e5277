import { getTranslations } from "next-intl/server";

export async function SiteFooter() {
  const t = await getTranslations("footer");
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-6 text-sm text-slate-600 sm:px-6">
        <p>{t("text")}</p>
        <a href="/api/ready" className="underline-offset-2 hover:underline">
          {t("status")}
        </a>
      </div>
    </footer>
  );
}
