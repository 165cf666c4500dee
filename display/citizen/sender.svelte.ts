/**
 * The page's view of the outbox: what waits, what was answered, the phone's own reports. Flushed
 * at page load, whenever the phone comes back online, and on submit.
 */
import type { SendResult } from './citizen-api';
import { myReports, rememberReport, type MyReport } from './device';
import { drop, flush, waiting, type OutboxEntry } from './outbox';

export class Sender {
  mine = $state<MyReport[]>(myReports());
  waiting = $state<OutboxEntry[]>([]);
  /** Answers by clientId, for the form to show what became of its report. */
  results = $state<Record<string, SendResult>>({});
  /** Hashes tried by the proof of work so far, while a report is being sent. */
  tried = $state(0);

  async refresh(): Promise<void> {
    try {
      this.waiting = await waiting();
    } catch {
      this.waiting = [];
    }
  }

  async flush(): Promise<void> {
    this.tried = 0;
    try {
      for (const { entry, result } of await flush((tried) => (this.tried = tried))) {
        if (result.kind === 'created')
          this.mine = rememberReport({ ...result.created, category: entry.label, sentAt: Date.now() });
        this.results[entry.clientId] = result;
      }
    } finally {
      await this.refresh();
    }
  }

  async discard(clientId: string): Promise<void> {
    await drop(clientId);
    await this.refresh();
  }
}
