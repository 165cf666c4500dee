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
  // `kpi.values` without a field is read by KPI code; anything else is a number at `field`.
  reads: (o) =>
    o.topic === 'kpi.values' && o.field === undefined
      ? []
      : [{ topic: o.topic, field: o.field, shape: 'number', option: o.field === undefined ? '/topic' : '/field' }],
  bind: bindKpiTile,
  load: () => import('./KpiTile.svelte'),
});
