import type { ReportItem, TopicName, TrafficIncident } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import type { MapOptions } from './options';

export interface MapInput {
  reports: ReportItem[];
  incidents: TrafficIncident[];
  /** On-time rate per ward code (0..1, null before anything was handled), for the choropleth. */
  wardRates: Record<string, number | null>;
}

export function mapTopics(options: MapOptions): TopicName[] {
  const topics: TopicName[] = [];
  if (options.layers.reports || options.layers.heatmap) topics.push('reports.recent');
  if (options.layers.incidents) topics.push('traffic.incidents');
  if (options.layers.wardChoropleth) topics.push('reports.summary');
  return topics;
}

/** A map with only the basemap to show still renders (empty input), it never waits. */
export function bindMap(data: TopicData, options: MapOptions): MapInput | null {
  const topics = mapTopics(options);
  if (topics.length > 0 && topics.every((topic) => data[topic] === undefined)) return null;
  const wardRates = Object.fromEntries((data['reports.summary']?.byWard ?? []).map((ward) => [ward.ward, ward.onTimeRate]));
  return { reports: data['reports.recent'] ?? [], incidents: data['traffic.incidents'] ?? [], wardRates };
}
