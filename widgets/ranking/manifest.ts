import { defineWidget } from '../widget';
import { asTopic } from '../shapes';
import { options } from './options';
import { bindRanking } from './bind';

export default defineWidget({
  type: 'ranking',
  version: 1,
  title: { vi: 'Bảng xếp hạng', en: 'Ranking' },
  options,
  topics: (o) => [asTopic(o.topic)],
  reads: (o) => [
    { topic: o.topic, field: o.field, shape: 'breakdown', option: o.field === undefined ? '/topic' : '/field' },
  ],
  bind: bindRanking,
  load: () => import('./Ranking.svelte'),
});
