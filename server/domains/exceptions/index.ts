/**
 * "Cần chú ý ngay / Needs attention": the indicators past their limits or far from their usual,
 * and the feeds silent past theirs (rules in `config/exceptions.yaml`, see `server/exceptions/`).
 * Internal only: a wall's and a leader's list, never a street panel's (a silent feed, a ward's
 * overdue count are the IOC's business). It accepts no events and simulates nothing.
 */
import type { Domain } from '../domain';
import { ExceptionList } from '../../protocol/topics/exceptions';
import { createExceptionsAggregator } from './aggregator';

export const exceptionsDomain: Domain = {
  name: 'exceptions',
  title: { vi: 'Cần chú ý ngay', en: 'Needs attention' },
  events: {},
  topics: [
    {
      name: 'exceptions.now',
      payload: ExceptionList,
      audience: 'internal',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Cần chú ý ngay', en: 'Needs attention' },
      // Judged every second: an older list means the server stopped judging.
      expectedIntervalMs: 0,
    },
    {
      // The alarms alone, on the alert lane: a new one reaches the walls' tickers at once.
      name: 'exceptions.alarms',
      payload: ExceptionList,
      audience: 'internal',
      kind: 'alert',
      shape: 'value',
      title: { vi: 'Báo động mới', en: 'New alarms' },
      expectedIntervalMs: 0,
    },
  ],
  createAggregator: createExceptionsAggregator,
  createSimulator: () => ({ seed: () => [], step: () => [] }),
};
