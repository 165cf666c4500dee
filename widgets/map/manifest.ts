import { defineWidget } from '../widget';
import { options } from './options';
import { bindMap, mapReads, mapTopics } from './bind';

export default defineWidget({
  type: 'map',
  version: 1,
  title: { vi: 'Bản đồ', en: 'Map' },
  options,
  topics: mapTopics,
  reads: mapReads,
  bind: bindMap,
  // MapLibre and deck.gl live behind this import: screens without a map never download them.
  load: () => import('./MapWidget.svelte'),
});
