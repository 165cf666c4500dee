import { defineWidget } from '../widget';
import { options } from './options';
import { bindTable, tableReads, tableTopics } from './bind';

export default defineWidget({
  type: 'table',
  version: 1,
  title: { vi: 'Bảng', en: 'Table' },
  options,
  topics: tableTopics,
  reads: tableReads,
  bind: bindTable,
  load: () => import('./Table.svelte'),
});
