import { defineWidget } from '../widget';
import { options } from './options';
import { bindCamera } from './bind';

export default defineWidget({
  type: 'camera',
  version: 1,
  title: { vi: 'Camera', en: 'Cameras' },
  options,
  topics: () => [],
  reads: () => [],
  bind: bindCamera,
  load: () => import('./Camera.svelte'),
});
