/** Socio-economic KPIs (chỉ tiêu KT-XH) of the city. */
import type { Domain } from '../domain';
import Type from 'typebox';
import { KpiValue } from '../../protocol/topics/kpi';
import { KpiValueReported } from './schema';
import { createKpiAggregator } from './aggregator';
import { createKpiSimulator } from './simulator';

export const kpiDomain: Domain = {
  name: 'kpi',
  title: { vi: 'Chỉ tiêu kinh tế – xã hội', en: 'Socio-economic indicators' },
  events: { 'kpi.value': KpiValueReported },
  topics: [
    {
      name: 'kpi.values',
      payload: Type.Array(KpiValue),
      audience: 'public',
      kind: 'state',
      shape: 'collection',
      limit: 200,
      title: { vi: 'Chỉ tiêu KT-XH', en: 'Socio-economic KPIs' },
      expectedIntervalMs: 24 * 3_600_000,
    },
  ],
  createAggregator: createKpiAggregator,
  createSimulator: createKpiSimulator,
};
