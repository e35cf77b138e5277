const number = new Intl.NumberFormat("en");

/** A count that stops at a cap: `capped` when more rows match than were counted. */
export type ListMatches = { count: number; capped: boolean };

/** "30 subscriptions match", "More than 1,000 deliveries", "No subscriptions"…: `filtered` when a search or filter narrows the list. */
export function countText(m: ListMatches, filtered: boolean, noun: { one: string; many: string }): string {
  if (m.count === 0) return filtered ? `No ${noun.many} match` : `No ${noun.many}`;
  const single = m.count === 1 && !m.capped;
  const what = filtered ? (single ? `${noun.one} matches` : `${noun.many} match`) : single ? noun.one : noun.many;
  return m.capped ? `More than ${number.format(m.count)} ${what}` : `${number.format(m.count)} ${what}`;
}
