/** Traffic safety and flow: incidents on the map, today's crashes, injuries and deaths. */
import type { Domain } from '../domain';
import { TrafficIncidentCleared, TrafficIncidentReported } from './schema';
import { createTrafficAggregator } from './aggregator';
import { createTrafficSimulator } from './simulator';

export const trafficDomain: Domain = {
  name: 'traffic',
  title: { vi: 'An toàn giao thông', en: 'Traffic safety' },
  events: {
    'traffic.incident': TrafficIncidentReported,
    'traffic.cleared': TrafficIncidentCleared,
  },
  topics: [
    {
      name: 'traffic.incidents', audience: 'internal', kind: 'state', shape: 'collection', limit: 200,
      title: { vi: 'Sự cố giao thông', en: 'Traffic incidents' }, expectedIntervalMs: 15 * 60_000,
    },
    {
      name: 'traffic.summary', audience: 'public', kind: 'state', shape: 'value',
      title: { vi: 'An toàn giao thông hôm nay', en: 'Road safety today' }, expectedIntervalMs: 15 * 60_000,
    },
  ],
  createAggregator: createTrafficAggregator,
  createSimulator: createTrafficSimulator,
};
