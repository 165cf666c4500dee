import { defineWidget } from '../widget';
import { options } from './options';

export default defineWidget({
  type: 'clock',
  version: 1,
  title: { vi: 'Đồng hồ', en: 'Clock' },
  options,
  // No data: the clock reads the time zone the frame gives it.
  topics: () => [],
  reads: () => [],
  bind: () => ({}),
  load: () => import('./Clock.svelte'),
});
