import { defineWidget } from '../widget';
import { options } from './options';
import { bindKpiTile } from './bind';
import { asTopic } from '../shapes';

export default defineWidget({
  type: 'kpi-tile',
  version: 1,
  title: { vi: 'Ô chỉ số', en: 'KPI tile' },
  options,
  topics: (o) => [asTopic(o.topic)],
  bind: bindKpiTile,
  load: () => import('./KpiTile.svelte'),
});
