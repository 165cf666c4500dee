import type { ReportItem, TopicName, TrafficFlowSegment, TrafficIncident } from '../../server/protocol/topics';
import type { FieldRead, TopicData } from '../widget';
import { asTopic, isBreakdown, isMapPoints, pickField } from '../shapes';
import { choroplethShown, type MapOptions } from './options';
import { breakdownChoropleth, emptyChoropleth, onTimeChoropleth, type Choropleth } from './choropleth';
import { drawablePoints, type PointGroup } from './points';

export interface MapInput {
  reports: readonly ReportItem[];
  incidents: readonly TrafficIncident[];
  flow: readonly TrafficFlowSegment[];
  /** One group per `points` topic that holds places, in the options' order; other shapes are left out. */
  points: readonly PointGroup[];
  /** The figures the wards are coloured by; null when the choropleth is off. */
  choropleth: Choropleth | null;
}

// Shared empties: a topic without data keeps the same reference across binds, so the map does
// not rebuild a layer's buffers each time another topic changes.
const NO_REPORTS: readonly ReportItem[] = Object.freeze([]);
const NO_INCIDENTS: readonly TrafficIncident[] = Object.freeze([]);
const NO_FLOW: readonly TrafficFlowSegment[] = Object.freeze([]);
const NO_GROUPS: readonly PointGroup[] = Object.freeze([]);

const DEFAULT_CHOROPLETH_TOPIC: TopicName = 'reports.summary';

export function mapTopics(options: MapOptions): TopicName[] {
  const topics = new Set<TopicName>();
  if (options.layers.reports || options.layers.heatmap) topics.add('reports.recent');
  if (options.layers.incidents) topics.add('traffic.incidents');
  if (options.layers.flow) topics.add('traffic.flow');
  if (choroplethShown(options.layers))
    topics.add(options.choroplethOf ? asTopic(options.choroplethOf.topic) : DEFAULT_CHOROPLETH_TOPIC);
  for (const topic of options.points) topics.add(asTopic(topic));
  return [...topics];
}

/**
 * The places of every `points` topic, and the Breakdown the wards are coloured by. The choropleth's
 * field is checked even while the layer is off, so that turning it on cannot reveal a typo.
 */
export function mapReads(options: MapOptions): FieldRead[] {
  const reads: FieldRead[] = options.points.map((topic, index) => ({
    topic,
    shape: 'points',
    option: `/points/${index}`,
  }));
  const of = options.choroplethOf;
  if (of)
    reads.push({
      topic: of.topic,
      field: of.field,
      shape: 'breakdown',
      option: of.field === undefined ? '/choroplethOf/topic' : '/choroplethOf/field',
    });
  return reads;
}

function choroplethOf(data: TopicData, options: MapOptions): Choropleth | null {
  if (!choroplethShown(options.layers)) return null;
  if (!options.choroplethOf) return onTimeChoropleth(data['reports.summary']?.byWard);
  const breakdown = pickField(data, options.choroplethOf.topic, options.choroplethOf.field);
  // Not a Breakdown (a wrong field in the config, a topic still empty): wards in "no data" grey.
  return isBreakdown(breakdown) ? breakdownChoropleth(breakdown, options.choroplethOf.targets) : emptyChoropleth();
}

/**
 * Null only while none of the map's topics has data; then an empty topic is an empty list. A map
 * with no data layers at all (basemap only) never waits. Topics of the wrong shape draw nothing.
 */
export function bindMap(data: TopicData, options: MapOptions): MapInput | null {
  const topics = mapTopics(options);
  if (topics.length > 0 && topics.every((topic) => data[topic] === undefined)) return null;
  const groups: PointGroup[] = [];
  for (const topic of options.points) {
    const value = pickField(data, topic, undefined);
    const points = isMapPoints(value) ? drawablePoints(value) : [];
    if (points.length > 0) groups.push({ topic, points });
  }
  const flow = data['traffic.flow'];
  return {
    reports: data['reports.recent'] ?? NO_REPORTS,
    incidents: data['traffic.incidents'] ?? NO_INCIDENTS,
    flow: Array.isArray(flow) ? flow : NO_FLOW,
    points: groups.length > 0 ? groups : NO_GROUPS,
    choropleth: choroplethOf(data, options),
  };
}
