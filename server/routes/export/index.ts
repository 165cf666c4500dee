/**
 * Taking it to the meeting: a dashboard's briefing pack (PDF) and any widget's data (.xlsx, .csv),
 * now or at a moment in the past. Access: anybody; each route answers only what the caller's
 * audience may see of the dashboard (`export-context.ts`), and anonymous reads are rate limited
 * per address (`http/request-limits.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import { liveTopics, replayedTopics, type TopicsAt } from '../../export/topic-source';
import widgetData from './widget-data';
import briefing from './briefing';

export interface ExportAreaOptions {
  /** The reading of the past (`?at=`); by default the replay's (`app.replay`). Tests inject their own. */
  topicsAt?: TopicsAt;
}

const exportArea: FastifyPluginAsync<ExportAreaOptions> = async (app, options) => {
  const sources = { live: liveTopics(app.hub, app.now), past: options.topicsAt ?? replayedTopics(app.replay) };
  await app.register(widgetData, sources);
  await app.register(briefing, sources);
};

export default exportArea;
