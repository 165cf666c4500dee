import { defineWidget } from '../widget';
import { options } from './options';
import { bindAttention } from './bind';

export default defineWidget({
  type: 'attention',
  version: 1,
  title: { vi: 'Cần chú ý ngay', en: 'Needs attention' },
  options,
  topics: () => ['exceptions.now'],
  // A fixed topic, read whole: no option names a field.
  reads: () => [],
  bind: bindAttention,
  load: () => import('./Attention.svelte'),
});
