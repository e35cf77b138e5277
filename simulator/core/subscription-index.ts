// Lookups over the subscriptions list that stay cheap at 100 000 subscriptions (bulk seeding): an id
// index (also over the operations list: Get Operation is on every webhook's path) and the publisher's own
// subscriptions, both kept per list instance and extended incrementally.
// They rely on how the state is used: records are appended, never removed or re-keyed; a reset
// replaces the whole list (a new instance gets a new index). A shrunk list is rebuilt, to be safe.
import type { SubscriptionRecord } from "./state";

type IdIndex = { positions: Map<string, number>; indexed: number };
type PublisherView = { publisherId: string; items: SubscriptionRecord[]; scanned: number };

const idIndexes = new WeakMap<readonly { id: string }[], IdIndex>();
const publisherViews = new WeakMap<SubscriptionRecord[], PublisherView>();

/** The record with this id (GUIDs compare case-insensitively), in O(1) after the first call. */
export function findById<T extends { id: string }>(list: T[], id: string): T | undefined {
  let index = idIndexes.get(list);
  if (!index || index.indexed > list.length) {
    index = { positions: new Map(), indexed: 0 };
    idIndexes.set(list, index);
  }
  for (; index.indexed < list.length; index.indexed++) {
    const sub = list[index.indexed];
    if (sub) index.positions.set(sub.id.toLowerCase(), index.indexed);
  }
  const key = id.toLowerCase();
  const position = index.positions.get(key);
  const found = position === undefined ? undefined : list[position];
  if (found && found.id.toLowerCase() === key) return found;
  // Not indexed where expected (the list was changed in place): fall back to a scan and re-index later.
  if (position !== undefined) idIndexes.delete(list);
  return position === undefined ? undefined : list.find((sub) => sub.id.toLowerCase() === key);
}

/** The publisher's subscriptions in purchase order (List pages slice this without filtering everything). */
export function publisherSubscriptions(list: SubscriptionRecord[], publisherId: string): SubscriptionRecord[] {
  let view = publisherViews.get(list);
  if (!view || view.publisherId !== publisherId || view.scanned > list.length) {
    view = { publisherId, items: [], scanned: 0 };
    publisherViews.set(list, view);
  }
  for (; view.scanned < list.length; view.scanned++) {
    const sub = list[view.scanned];
    if (sub?.publisherId === publisherId) view.items.push(sub);
  }
  return view.items;
}
