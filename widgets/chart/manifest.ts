import { defineWidget } from '../widget';
import { options } from './options';
import { bindChart, chartReads, chartTopics } from './bind';

export default defineWidget({
  type: 'chart',
  version: 1,
  title: { vi: 'Biểu đồ', en: 'Chart' },
  options,
  topics: chartTopics,
  reads: chartReads,
  bind: bindChart,
  load: () => import('./Chart.svelte'),
});
