import { defineWidget } from '../widget';
import { options } from './options';
import { bindText } from './bind';

export default defineWidget({
  type: 'text',
  version: 1,
  title: { vi: 'Văn bản', en: 'Text' },
  options,
  topics: () => [],
  reads: () => [],
  bind: bindText,
  load: () => import('./Text.svelte'),
});
