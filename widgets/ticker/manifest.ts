import { defineWidget } from '../widget';
import { options } from './options';
import { bindTicker } from './bind';

export default defineWidget({
  type: 'ticker',
  version: 1,
  title: { vi: 'Dòng chữ chạy', en: 'Ticker' },
  options,
  topics: (o) => (o.showEmergency ? ['ticker.items', 'alerts.emergency'] : ['ticker.items']),
  // Fixed topics, read whole: no option names a field.
  reads: () => [],
  bind: bindTicker,
  load: () => import('./Ticker.svelte'),
});
