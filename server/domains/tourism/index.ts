/** Tourism: visitors (domestic, international) per day and month, stays, revenue, occupancy, top attractions on the map. */
import type { Domain } from '../domain';
import Type from 'typebox';
import { MapPoint } from '../../protocol/topics/shared';
import { TourismSummary } from '../../protocol/topics/tourism';
import { TourismAccommodation, TourismMonthlyVisitors, TourismRevenue, TourismVisits } from './schema';
import { createTourismAggregator } from './aggregator';
import { createTourismSimulator } from './simulator';

/** Counters send during opening hours, and "today" turns at midnight: nights are quiet for hours. */
const TWELVE_HOURS = 12 * 60 * 60_000;

export const tourismDomain: Domain = {
  name: 'tourism',
  title: { vi: 'Du lịch', en: 'Tourism' },
  events: {
    'tourism.visits': TourismVisits,
    'tourism.accommodation': TourismAccommodation,
    'tourism.revenue': TourismRevenue,
    'tourism.monthly-visitors': TourismMonthlyVisitors,
  },
  topics: [
    {
      name: 'tourism.summary',
      payload: TourismSummary,
      audience: 'public',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Du lịch thành phố', en: 'Tourism in the city' },
      expectedIntervalMs: TWELVE_HOURS,
    },
    {
      name: 'tourism.attractions',
      payload: Type.Array(MapPoint),
      audience: 'public',
      kind: 'state',
      shape: 'collection',
      limit: 100,
      title: { vi: 'Điểm du lịch trên bản đồ', en: 'Attractions on the map' },
      expectedIntervalMs: TWELVE_HOURS,
    },
  ],
  createAggregator: createTourismAggregator,
  createSimulator: createTourismSimulator,
};
