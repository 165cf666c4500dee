/**
 * The one "publish only if changed" rule: a value or an item equal to what its topic holds now is
 * no news, and costs no message to every screen. Equal means the same JSON, which is what a
 * screen receives; it is compared with a copy of the JSON taken when the value was written, never
 * with the object, because an aggregator may change its objects in place after publishing them.
 *
 * The hub applies it to every write; the domain tests' `RecordingWriter` applies the same rule so
 * that an aggregator tested alone publishes exactly what it would through the hub.
 */
import type { Identified } from '../protocol/topics';

export class UnchangedFilter {
  readonly #values = new Map<string, string>();
  /** Per collection: each item's JSON, in the collection's order (a re-upsert keeps its place). */
  readonly #items = new Map<string, Map<string, string>>();

  /** Whether `value` differs from what `topic` holds now; when it does, it is what the topic holds. */
  valueChanged(topic: string, value: unknown): boolean {
    const json = JSON.stringify(value);
    if (this.#values.get(topic) === json) return false;
    this.#values.set(topic, json);
    return true;
  }

  /** The items that differ from those the collection holds now, which it holds from now on. */
  changedItems<I extends Identified>(topic: string, items: readonly I[]): I[] {
    const held = this.#collection(topic);
    return items.filter((item) => {
      const json = JSON.stringify(item);
      if (held.get(item.id) === json) return false;
      held.set(item.id, json);
      return true;
    });
  }

  /** Whether `items` (oldest first, as upserted) are exactly the collection now, in its order. */
  sameList(topic: string, items: readonly Identified[]): boolean {
    const held = this.#collection(topic);
    if (held.size !== items.length) return false;
    let index = 0;
    for (const [id, json] of held) {
      const item = items[index++]!;
      if (item.id !== id || JSON.stringify(item) !== json) return false;
    }
    return true;
  }

  /** The collection no longer holds these ids (removed, or pushed out by its limit). */
  removed(topic: string, ids: Iterable<string>): void {
    const held = this.#items.get(topic);
    if (held) for (const id of ids) held.delete(id);
  }

  /** The ids the collection holds now, oldest first. */
  ids(topic: string): string[] {
    return [...(this.#items.get(topic)?.keys() ?? [])];
  }

  #collection(topic: string): Map<string, string> {
    let held = this.#items.get(topic);
    if (!held) this.#items.set(topic, (held = new Map()));
    return held;
  }
}
