import type { ReportItem, TopicName, TrafficIncident } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import type { MapOptions } from './options';

export interface MapInput {
  reports: readonly ReportItem[];
  incidents: readonly TrafficIncident[];
  /** On-time rate per ward code (0..1, null before anything was handled), for the choropleth. */
  wardRates: Readonly<Record<string, number | null>>;
}

// Shared empties: a topic without data keeps the same reference across binds, so the map does
// not rebuild a layer's buffers each time another topic changes.
const NO_REPORTS: readonly ReportItem[] = Object.freeze([]);
const NO_INCIDENTS: readonly TrafficIncident[] = Object.freeze([]);
const NO_RATES: Readonly<Record<string, number | null>> = Object.freeze({});

export function mapTopics(options: MapOptions): TopicName[] {
  const topics: TopicName[] = [];
  if (options.layers.reports || options.layers.heatmap) topics.push('reports.recent');
  if (options.layers.incidents) topics.push('traffic.incidents');
  if (options.layers.wardChoropleth) topics.push('reports.summary');
  return topics;
}

/**
 * Null only while none of the map's topics has data; then an empty topic is an empty list. A map
 * with no data layers at all (basemap only) never waits.
 */
export function bindMap(data: TopicData, options: MapOptions): MapInput | null {
  const topics = mapTopics(options);
  if (topics.length > 0 && topics.every((topic) => data[topic] === undefined)) return null;
  const byWard = data['reports.summary']?.byWard;
  return {
    reports: data['reports.recent'] ?? NO_REPORTS,
    incidents: data['traffic.incidents'] ?? NO_INCIDENTS,
    wardRates: byWard ? Object.fromEntries(byWard.map((ward) => [ward.ward, ward.onTimeRate])) : NO_RATES,
  };
}
