import Link from "next/link";
import { useTranslations } from "next-intl";

/** A column header's sort link: `current` when the list is sorted by this column; `hint` completes ", sort …" for screen readers. */
export type ColumnSort = { href: string; current?: "asc" | "desc"; hint: string };

export type Column<Row> = {
  key: string;
  header: React.ReactNode;
  sort?: ColumnSort;
  cell: (row: Row) => React.ReactNode;
  /** The cells' classes (padding included). */
  className?: string;
};

function Header({ header, sort }: { header: React.ReactNode; sort?: ColumnSort }) {
  const t = useTranslations("staff.list");
  if (!sort)
    return (
      <th scope="col" className="p-2">
        {header}
      </th>
    );
  return (
    <th
      scope="col"
      className="p-2"
      aria-sort={sort.current ? (sort.current === "asc" ? "ascending" : "descending") : undefined}
    >
      <Link href={sort.href} className="inline-flex items-center gap-1 underline-offset-2 hover:underline">
        {header}
        <span className="sr-only">{t("sortHint", { hint: sort.hint })}</span>
        {sort.current ? <span aria-hidden="true">{sort.current === "asc" ? "▲" : "▼"}</span> : null}
      </Link>
    </th>
  );
}

/**
 * A list's rows as a table whose columns are data: headers with scope (and sort links that work without
 * JavaScript, aria-sort on the current one), a caption saying what and in which order. No rows: `empty`
 * instead of a table of headers only.
 */
export function ListTable<Row>(props: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  rowData?: (row: Row) => Record<`data-${string}`, string>;
  empty: React.ReactNode;
}) {
  if (!props.rows.length)
    return <div className="rounded-lg border border-slate-200 bg-white p-6 text-sm">{props.empty}</div>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{props.caption}</caption>
        <thead className="bg-slate-50 text-left text-slate-700">
          <tr className="border-b border-slate-200">
            {props.columns.map((c) => (
              <Header key={c.key} header={c.header} sort={c.sort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr
              key={props.rowKey(row)}
              className="border-b border-slate-100 align-top last:border-0"
              {...props.rowData?.(row)}
            >
              {props.columns.map((c) => (
                <td key={c.key} className={c.className ?? "p-2"}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
