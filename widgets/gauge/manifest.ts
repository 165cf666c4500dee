import { defineWidget } from '../widget';
import { options } from './options';
import { bindGauge } from './bind';

export default defineWidget({
  type: 'gauge',
  version: 1,
  title: { vi: 'Đồng hồ % kế hoạch', en: 'Gauge, % of plan' },
  options,
  topics: () => ['kpi.values'],
  // It reads by KPI code or not at all: no option names a field.
  reads: () => [],
  bind: bindGauge,
  load: () => import('./Gauge.svelte'),
});
