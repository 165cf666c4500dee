/** Electronic documents (văn bản điện tử): incoming, outgoing, processed and overdue, per agency. */
import type { Domain } from '../domain';
import { DocumentsSummary } from '../../protocol/topics/documents';
import { DocumentIssued, DocumentProcessed, DocumentReceived } from './schema';
import { createDocumentsAggregator } from './aggregator';
import { createDocumentsSimulator } from './simulator';

export const documentsDomain: Domain = {
  name: 'documents',
  title: { vi: 'Văn bản điện tử', en: 'Electronic documents' },
  events: {
    'documents.received': DocumentReceived,
    'documents.issued': DocumentIssued,
    'documents.processed': DocumentProcessed,
  },
  topics: [
    {
      name: 'documents.summary',
      payload: DocumentsSummary,
      audience: 'internal',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Văn bản điện tử', en: 'Electronic documents' },
      expectedIntervalMs: 6 * 60 * 60_000,
    },
  ],
  createAggregator: createDocumentsAggregator,
  createSimulator: createDocumentsSimulator,
};
