/**
 * Whether this process should be given traffic yet: ready once nothing it waits for is left.
 * The start waits for the topic states to be rebuilt and the feeds to start; a closing process
 * waits forever. Other parts (leadership, a snapshot load) add their own gates by name.
 */
export interface Words {
  vi: string;
  en: string;
}

export class Readiness {
  readonly #waiting = new Map<string, Words>();

  /** Not ready until `done(gate)`; a gate named twice is one gate (the later reason wins). */
  wait(gate: string, reason: Words): void {
    this.#waiting.set(gate, reason);
  }

  done(gate: string): void {
    this.#waiting.delete(gate);
  }

  get ready(): boolean {
    return this.#waiting.size === 0;
  }

  /** What it still waits for, in words. */
  reasons(): Words[] {
    return [...this.#waiting.values()];
  }
}
