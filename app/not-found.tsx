import Link from "next/link";
import { getMessages } from "@/lib/i18n";

export default function NotFound() {
  const t = getMessages();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t.errors.notFoundTitle}</h1>
      <p className="text-slate-700">{t.errors.notFoundText}</p>
      <Link href="/" className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
        {t.errors.home}
      </Link>
    </div>
  );
}
