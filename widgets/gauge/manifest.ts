import { defineWidget } from '../widget';
import { options } from './options';
import { bindGauge } from './bind';

export default defineWidget({
  type: 'gauge',
  version: 1,
  title: { vi: 'Đồng hồ % kế hoạch', en: 'Gauge, % of plan' },
  options,
  topics: () => ['kpi.values'],
  bind: bindGauge,
  load: () => import('./Gauge.svelte'),
});
