import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="text-slate-700">{t("notFoundText")}</p>
      <Link href="/" className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
        {t("home")}
      </Link>
    </div>
  );
}
