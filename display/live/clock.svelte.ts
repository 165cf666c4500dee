/** A shared ticking "now" (once a second): clocks and data ages read it and update together. */
export class Ticker {
  now = $state(Date.now());
  #timer: ReturnType<typeof setInterval>;

  constructor(intervalMs = 1000) {
    this.#timer = setInterval(() => (this.now = Date.now()), intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
