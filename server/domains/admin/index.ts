/** Public administration (hành chính công): dossiers received, resolved, on time and overdue, per agency and ward. */
import type { Domain } from '../domain';
import Type from 'typebox';
import { AdminPublicSummary, AdminSummary } from '../../protocol/topics/admin';
import { ListItem } from '../../protocol/topics/shared';
import { DossierReceived, DossierResolved, DossierReturned, MonthReport } from './schema';
import { createAdminAggregator, OVERDUE_LIST_LIMIT } from './aggregator';
import { createAdminSimulator } from './simulator';

export const adminDomain: Domain = {
  name: 'admin',
  title: { vi: 'Hành chính công', en: 'Public administration' },
  events: {
    'admin.dossier-received': DossierReceived,
    'admin.dossier-resolved': DossierResolved,
    'admin.dossier-returned': DossierReturned,
    'admin.month-report': MonthReport,
  },
  topics: [
    {
      name: 'admin.summary',
      payload: AdminSummary,
      audience: 'internal',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Giải quyết thủ tục hành chính', en: 'Administrative procedures' },
      expectedIntervalMs: 2 * 60 * 60_000,
    },
    {
      name: 'admin.public-summary',
      payload: AdminPublicSummary,
      audience: 'public',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Kết quả giải quyết thủ tục hành chính', en: 'Administrative procedures: results' },
      expectedIntervalMs: 2 * 60 * 60_000,
    },
    {
      name: 'admin.overdue',
      payload: Type.Array(ListItem),
      audience: 'internal',
      kind: 'state',
      shape: 'collection',
      limit: OVERDUE_LIST_LIMIT,
      title: { vi: 'Hồ sơ quá hạn', en: 'Overdue dossiers' },
      expectedIntervalMs: 24 * 60 * 60_000,
    },
  ],
  createAggregator: createAdminAggregator,
  createSimulator: createAdminSimulator,
};
