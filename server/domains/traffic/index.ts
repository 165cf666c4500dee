/** Traffic safety and flow: incidents on the map, crashes against last year, flow on key roads. */
import type { Domain } from '../domain';
import Type from 'typebox';
import {
  TrafficBorder,
  TrafficFlowSegment,
  TrafficIncident,
  TrafficSafety,
  TrafficSummary,
} from '../../protocol/topics/traffic';
import { TrafficBorderQueue, TrafficFlowObserved, TrafficIncidentCleared, TrafficIncidentReported } from './schema';
import { createTrafficAggregator } from './aggregator';
import { createTrafficSimulator } from './simulator';

export const trafficDomain: Domain = {
  name: 'traffic',
  title: { vi: 'An toàn giao thông', en: 'Traffic safety' },
  events: {
    'traffic.incident': TrafficIncidentReported,
    'traffic.cleared': TrafficIncidentCleared,
    'traffic.flow-observed': TrafficFlowObserved,
    'traffic.border-queue': TrafficBorderQueue,
  },
  topics: [
    {
      name: 'traffic.incidents',
      payload: Type.Array(TrafficIncident),
      audience: 'internal',
      kind: 'state',
      shape: 'collection',
      limit: 200,
      title: { vi: 'Sự cố giao thông', en: 'Traffic incidents' },
      expectedIntervalMs: 15 * 60_000,
    },
    {
      name: 'traffic.summary',
      payload: TrafficSummary,
      audience: 'public',
      kind: 'state',
      shape: 'value',
      title: { vi: 'An toàn giao thông', en: 'Road safety' },
      expectedIntervalMs: 15 * 60_000,
    },
    {
      // Counts only: no place finer than a ward, wards with fewer than 5 crashes left out.
      name: 'traffic.safety',
      payload: TrafficSafety,
      audience: 'public',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Tai nạn giao thông so với cùng kỳ', en: 'Road crashes against last year' },
      expectedIntervalMs: 24 * 3_600_000,
    },
    {
      // Measured traffic on public roads: nothing about any person.
      name: 'traffic.flow',
      payload: Type.Array(TrafficFlowSegment),
      audience: 'public',
      kind: 'state',
      shape: 'collection',
      limit: 100,
      title: { vi: 'Lưu lượng trên các tuyến chính', en: 'Traffic flow on key roads' },
      expectedIntervalMs: 5 * 60_000,
    },
    {
      // Counts of trucks and kilometres at the border gates: nothing about any person or vehicle.
      name: 'traffic.border',
      payload: TrafficBorder,
      audience: 'public',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Xe hàng chờ ở cửa khẩu', en: 'Truck queues at the border gates' },
      expectedIntervalMs: 15 * 60_000,
    },
  ],
  createAggregator: createTrafficAggregator,
  createSimulator: createTrafficSimulator,
};
