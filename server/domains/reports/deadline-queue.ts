/**
 * A min-heap of "something changes at this time" entries, so that the clock tick touches only the
 * reports whose due-soon or overdue flag flips now, never every open report every second.
 * Entries are not removed when a report moves on; the caller checks on pop that the entry is
 * still the current one (lazy deletion), which keeps each change O(log n).
 */
export interface Due<T> {
  at: number;
  item: T;
}

export class DeadlineQueue<T> {
  readonly #heap: Array<Due<T>> = [];

  get size(): number {
    return this.#heap.length;
  }

  push(at: number, item: T): void {
    const heap = this.#heap;
    heap.push({ at, item });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]!.at <= heap[index]!.at) break;
      [heap[parent], heap[index]] = [heap[index]!, heap[parent]!];
      index = parent;
    }
  }

  /** The earliest entry due at or before `now`, taken off the queue; undefined when none is. */
  popDue(now: number): Due<T> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (!top || top.at > now) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && heap[left]!.at < heap[smallest]!.at) smallest = left;
        if (right < heap.length && heap[right]!.at < heap[smallest]!.at) smallest = right;
        if (smallest === index) break;
        [heap[smallest], heap[index]] = [heap[index]!, heap[smallest]!];
        index = smallest;
      }
    }
    return top;
  }
}
