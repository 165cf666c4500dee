import { defineWidget } from '../widget';
import { options } from './options';
import { bindChart, chartTopics } from './bind';

export default defineWidget({
  type: 'chart',
  version: 1,
  title: { vi: 'Biểu đồ', en: 'Chart' },
  options,
  topics: chartTopics,
  bind: bindChart,
  load: () => import('./Chart.svelte'),
});
