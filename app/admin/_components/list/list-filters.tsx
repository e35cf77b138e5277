import Link from "next/link";
import { useTranslations } from "next-intl";

const field = "flex flex-col gap-1 text-sm";
const control = "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm";

/**
 * A list's search and filters as a plain GET form: every state is a URL, so it works without JavaScript,
 * can be bookmarked and shared, and the back button behaves. `keep`: list state set elsewhere on the page
 * (a status chosen by link) that the form carries along; a cursor is never kept, so a new search starts
 * on the first page.
 */
export function ListFilters({
  action,
  label,
  keep = {},
  children,
}: {
  action: string;
  label: string;
  keep?: Record<string, string | undefined>;
  children: React.ReactNode;
}) {
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label={label}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      {Object.entries(keep).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      {children}
    </form>
  );
}

// Labels point at their control (htmlFor) rather than wrap it: a wrapped select lends its selected option's
// text to the label's accessible name ("Status Any").
export function FilterSelect({
  name,
  label,
  value,
  children,
}: {
  name: string;
  label: string;
  value: string | undefined;
  children: React.ReactNode;
}) {
  return (
    <div className={field}>
      <label htmlFor={`list-${name}`} className="font-medium text-slate-700">
        {label}
      </label>
      <select id={`list-${name}`} name={name} defaultValue={value ?? ""} className={control}>
        {children}
      </select>
    </div>
  );
}

/** A free-text filter; `search` makes it the form's search box. */
export function FilterText(props: {
  name: string;
  label: string;
  value: string | undefined;
  search?: boolean;
  help?: string;
  placeholder?: string;
  maxLength?: number;
}) {
  const id = `list-${props.name}`;
  return (
    <div className={field}>
      <label htmlFor={id} className="font-medium text-slate-700">
        {props.label}
      </label>
      <input
        id={id}
        type={props.search ? "search" : "text"}
        name={props.name}
        defaultValue={props.value ?? ""}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        aria-describedby={props.help ? `${id}-help` : undefined}
        className={`${control} w-full max-w-xl`}
      />
      {props.help ? (
        <p id={`${id}-help`} className="text-xs text-slate-500">
          {props.help}
        </p>
      ) : null}
    </div>
  );
}

/** The submit button, and a link back to the list without any filter. */
export function FilterButtons({ submit, reset }: { submit?: string; reset?: string }) {
  const t = useTranslations("staff.list");
  return (
    <>
      <button
        type="submit"
        className="rounded bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
      >
        {submit ?? t("apply")}
      </button>
      {reset ? (
        <Link href={reset} className="py-1.5 text-sm underline underline-offset-2">
          {t("reset")}
        </Link>
      ) : null}
    </>
  );
}
