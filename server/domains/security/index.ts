/** Security and public order (an ninh trật tự): incidents by kind and ward on the map (internal), city-wide trends (public). */
import type { Domain } from '../domain';
import Type from 'typebox';
import { PublicSecuritySummary, SecuritySummary } from '../../protocol/topics/security';
import { MapPoint } from '../../protocol/topics/shared';
import { SecurityDailyStats, SecurityIncident, SecurityIncidentUpdated } from './schema';
import { MAP_LIMIT, createSecurityAggregator } from './aggregator';
import { createSecuritySimulator } from './simulator';

export const securityDomain: Domain = {
  name: 'security',
  title: { vi: 'An ninh trật tự', en: 'Security and public order' },
  events: {
    'security.incident': SecurityIncident,
    'security.incident-updated': SecurityIncidentUpdated,
    'security.daily-stats': SecurityDailyStats,
  },
  topics: [
    {
      name: 'security.incidents',
      payload: Type.Array(MapPoint),
      audience: 'internal',
      kind: 'state',
      shape: 'collection',
      limit: MAP_LIMIT,
      title: { vi: 'Vụ việc an ninh trật tự', en: 'Security incidents' },
      expectedIntervalMs: 2 * 3_600_000,
    },
    {
      name: 'security.summary',
      payload: SecuritySummary,
      audience: 'internal',
      kind: 'state',
      shape: 'value',
      title: { vi: 'An ninh trật tự: số vụ theo loại, phường', en: 'Security: incidents by kind and ward' },
      expectedIntervalMs: 2 * 3_600_000,
    },
    {
      name: 'security.public-summary',
      payload: PublicSecuritySummary,
      audience: 'public',
      kind: 'state',
      shape: 'value',
      // Today's incidents reach it after midnight: it may stay unchanged all day.
      title: { vi: 'Tình hình an ninh trật tự', en: 'Public order trends' },
      expectedIntervalMs: 26 * 3_600_000,
    },
  ],
  createAggregator: createSecurityAggregator,
  createSimulator: createSecuritySimulator,
};
