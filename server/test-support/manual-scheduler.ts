/** The topic hub's clock and timer, driven by hand in tests (`TickScheduler`). */
import type { TickScheduler } from '../realtime/topic-hub';

/** Time moves only when the test says; timers due by then run in order. */
export class ManualScheduler implements TickScheduler {
  time = 0;
  #timers: Array<{ at: number; run: () => void; order: number }> = [];
  #order = 0;

  now(): number {
    return this.time;
  }

  after(ms: number, run: () => void): () => void {
    const timer = { at: this.time + Math.max(0, ms), run, order: this.#order++ };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((other) => other !== timer);
    };
  }

  /** Runs what is due now (the end of the current turn) without moving the clock. */
  runDueNow(): void {
    this.advanceTo(this.time);
  }

  advanceTo(time: number): void {
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= time).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.time = Math.max(this.time, due.at);
      due.run();
    }
    this.time = time;
  }

  get pending(): number {
    return this.#timers.length;
  }
}
