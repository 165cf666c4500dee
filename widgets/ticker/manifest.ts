import { defineWidget } from '../widget';
import { options } from './options';
import { bindTicker } from './bind';

export default defineWidget({
  type: 'ticker',
  version: 1,
  title: { vi: 'Dòng chữ chạy', en: 'Ticker' },
  options,
  topics: (o) => [
    'ticker.items',
    ...(o.showEmergency ? (['alerts.emergency'] as const) : []),
    ...(o.showAlarms ? (['exceptions.alarms'] as const) : []),
  ],
  // Fixed topics, read whole: no option names a field.
  reads: () => [],
  bind: bindTicker,
  load: () => import('./Ticker.svelte'),
});
