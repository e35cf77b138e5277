import { countText, type ListMatches } from "./count-text";

/** How many rows the list has (announced when it changes); `children`: actions on the whole list, such as an export. */
export function ListCount({
  matches,
  filtered,
  noun,
  children,
}: {
  matches: ListMatches;
  filtered: boolean;
  noun: { one: string; many: string };
  children?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <p role="status" className="text-sm text-slate-700">
        {countText(matches, filtered, noun)}
      </p>
      {children}
    </div>
  );
}
