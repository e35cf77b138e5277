import Link from "next/link";
import { useTranslations } from "next-intl";

const linkClass = "rounded border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";
const offClass = "rounded border border-slate-200 px-3 py-1.5 text-slate-400";

type Labels = { first: string; prev: string; next: string };

/**
 * Keyset pages by link (they work without JavaScript): the first page, the previous and the next one,
 * each given only when there is one. Keyset pages have no numbers. `backwards: false` for a list whose
 * cursors only go forward (it offers the first page instead).
 */
export function ListPager({
  first,
  prev,
  next,
  backwards = true,
  labels = {},
}: {
  first?: string;
  prev?: string;
  next?: string;
  backwards?: boolean;
  labels?: Partial<Labels>;
}) {
  const t = useTranslations("staff.list");
  if (!first && !prev && !next) return null;
  const text = { first: t("firstPage"), prev: t("previous"), next: t("next"), ...labels };
  return (
    <nav aria-label={t("pages")} className="flex flex-wrap items-center gap-2 text-sm">
      {first ? (
        <Link href={first} className={linkClass}>
          {text.first}
        </Link>
      ) : null}
      {prev ? (
        <Link href={prev} rel="prev" className={linkClass}>
          {text.prev}
        </Link>
      ) : backwards ? (
        <span className={offClass} aria-disabled="true">
          {text.prev}
        </span>
      ) : null}
      {next ? (
        <Link href={next} rel="next" className={linkClass}>
          {text.next}
        </Link>
      ) : (
        <span className={offClass} aria-disabled="true">
          {text.next}
        </span>
      )}
    </nav>
  );
}
