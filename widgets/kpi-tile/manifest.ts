import { defineWidget } from '../widget';
import { options } from './options';
import { bindKpiTile } from './bind';

export default defineWidget({
  type: 'kpi-tile',
  version: 1,
  title: { vi: 'Ô chỉ số', en: 'KPI tile' },
  options,
  topics: (o) => [o.topic],
  bind: bindKpiTile,
  load: () => import('./KpiTile.svelte'),
});
