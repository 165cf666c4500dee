/** Periodic reporting (hệ thống thông tin báo cáo): wards and departments report figures on templates. */
import Type from 'typebox';
import type { Domain, IngestEvent, SimulatorGenerator } from '../domain';
import { ReportingStatusItem } from '../../protocol/topics/reporting';
import {
  FiguresApproved,
  FiguresCorrected,
  FiguresPublished,
  FiguresReturned,
  FiguresSaved,
  FiguresSubmitted,
} from './schema';
import { createReportingAggregator } from './aggregator';

/** Reports come from people, not from the simulator: an empty status is the truth of a fresh system. */
const noSimulation: SimulatorGenerator = { seed: (): IngestEvent[] => [], step: (): IngestEvent[] => [] };

export const reportingDomain: Domain = {
  name: 'reporting',
  title: { vi: 'Báo cáo định kỳ', en: 'Periodic reporting' },
  events: {
    'figures.saved': FiguresSaved,
    'figures.submitted': FiguresSubmitted,
    'figures.approved': FiguresApproved,
    'figures.returned': FiguresReturned,
    'figures.published': FiguresPublished,
    'figures.corrected': FiguresCorrected,
  },
  // Only a person acts on a report: the entry routes check the person's scope on the unit and
  // ingest as the server; through `POST /api/v1/events` only an administrator (who may do all) may.
  guard: (kind) => ({
    permission: 'events.post',
    field: 'kind',
    en: `${kind} is recorded by the entry pages for a signed-in person with a scope on the unit, not by a feed key`,
    vi: `${kind} chỉ được ghi qua trang nhập liệu, bởi người có phạm vi trên đơn vị, không qua khóa API`,
  }),
  topics: [
    {
      name: 'reporting.status',
      payload: Type.Array(ReportingStatusItem),
      audience: 'internal',
      kind: 'state',
      shape: 'collection',
      limit: 2000,
      title: { vi: 'Tình hình nộp báo cáo', en: 'Report submission status' },
      expectedIntervalMs: 0,
    },
  ],
  createAggregator: createReportingAggregator,
  createSimulator: () => noSimulation,
};
