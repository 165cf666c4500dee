import { defineWidget } from '../widget';
import { options } from './options';
import { bindSubmissionStatus } from './bind';

export default defineWidget({
  type: 'submission-status',
  version: 1,
  title: { vi: 'Tình hình nộp báo cáo', en: 'Report submission status' },
  options,
  topics: () => ['reporting.status'],
  // Bound by its fixed topic, whose shape the protocol types.
  reads: () => [],
  bind: bindSubmissionStatus,
  load: () => import('./SubmissionStatus.svelte'),
});
