/**
 * The one definition of what a delta does to a topic's state, used by the server's hub and by
 * the display's topic store so that both sides always agree. Pure and dependency-free: with the
 * shared payload schemas (`topics/shared.ts`, for the widgets' guards) it is the only run-time
 * code the display takes from `server/protocol/`.
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
