/**
 * What a delta does to a topic's state on the receiving side. The display's topic store applies
 * every delta it gets with these functions. The server's hub does not: it keeps each collection
 * as items by id and builds the deltas from that; its test (`server/realtime/topic-hub.test.ts`)
 * applies the hub's deltas with `applyCollectionDelta` and checks that they rebuild the hub's own
 * snapshot, so that hub and screens agree. The domains' test harness (`server/test-support/
 * domain-harness.ts`) keeps topic state with it, as a screen would. A value delta (`set`) replaces
 * the value whole; only collections need rules. Pure, importing types only: the display bundles it.
 */
import type { CollectionDelta, Identified, ValueDelta } from './topics';

export function isCollectionDelta<I extends Identified>(
  delta: CollectionDelta<I> | ValueDelta<unknown>,
): delta is CollectionDelta<I> {
  return !('set' in delta);
}

/**
 * Applies a collection delta: removals first, then upserts. An upsert of a known id replaces
 * the item where it stands; a new id goes first (collections are newest first).
 * Returns a new array; the input is not modified.
 */
export function applyCollectionDelta<I extends Identified>(items: readonly I[], delta: CollectionDelta<I>): I[] {
  const removed = new Set(delta.remove ?? []);
  let next = removed.size > 0 ? items.filter((item) => !removed.has(item.id)) : items.slice();
  if (delta.upsert && delta.upsert.length > 0) {
    const position = new Map<string, number>();
    next.forEach((item, index) => position.set(item.id, index));
    const fresh: I[] = [];
    for (const item of delta.upsert) {
      const at = position.get(item.id);
      if (at === undefined) {
        position.set(item.id, -1 - fresh.length);
        fresh.push(item);
      } else if (at >= 0) {
        next[at] = item;
      } else {
        fresh[-1 - at] = item;
      }
    }
    // Later upserts are newer, so they go before earlier ones.
    next = fresh.reverse().concat(next);
  }
  return next;
}
