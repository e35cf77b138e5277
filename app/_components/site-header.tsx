import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LocaleSwitcher } from "./locale-switcher";
import { UserMenu } from "./user-menu";

export async function SiteHeader() {
  const t = await getTranslations();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-4 sm:px-6">
        <Link href="/" className="text-lg font-semibold tracking-tight text-slate-900">
          {t("app.name")}
        </Link>
        <nav aria-label={t("nav.label")}>
          <ul className="flex items-center gap-1 text-sm font-medium">
            <li>
              <Link
                href="/account"
                className="rounded px-3 py-2 text-slate-700 hover:bg-slate-100 hover:text-slate-900"
              >
                {t("nav.buyers")}
              </Link>
            </li>
            <li>
              <Link href="/admin" className="rounded px-3 py-2 text-slate-700 hover:bg-slate-100 hover:text-slate-900">
                {t("nav.admin")}
              </Link>
            </li>
          </ul>
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <LocaleSwitcher />
          <UserMenu />
        </div>
      </div>
    </header>
  );
}
