/**
 * One meaning per colour across the product: every dashboard of `config/dashboards/` bound to the
 * same simulated topic state, and for each figure (a topic and a field: a KPI, a ward's on-time
 * rate, a report, a place) every widget that colours it must give it the same meaning from the
 * palette (widgets/meaning.ts) — never red in one widget and green in another, nor amber in a
 * third. A widget that judges nothing (a ranking's places, a tile without thresholds) may show it
 * neutral beside one that judges it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { domains } from '../domains/index';
import type { DomainContext } from '../domains/domain';
import { loadFixtures } from '../fixtures/fixtures';
import { seededRandom } from '../feeds/simulator/random';
import { RecordingWriter, TIME_ZONE } from '../test-support/domain-harness';
import { loadConfig, type LoadedConfig } from './load-config';
import { resolveOptions, widgetTypes } from '../../widgets/registry';
import { meaningOfReport, meaningOfTone, type Meaning } from '../../widgets/meaning';
import { rowMeaning, type TableInput } from '../../widgets/table/bind';
import { choroplethClass, type Choropleth } from '../../widgets/map/choropleth';
import type { TopicData } from '../../widgets/widget';
import type { MapInput } from '../../widgets/map/bind';
import type { KpiTileInput } from '../../widgets/kpi-tile/bind';
import type { GaugeInput } from '../../widgets/gauge/bind';
import type { RankingInput } from '../../widgets/ranking/bind';
import type { ReportItem } from '../protocol/topics';

// 10:00 on Monday 30/11/2026 in Hà Nội: November still running, October ended.
const START = Date.UTC(2026, 10, 30, 3, 0, 0);

/** Every domain's topics after its simulated history and ten minutes of live steps. */
function simulatedTopics(config: LoadedConfig): TopicData {
  const fixtures = loadFixtures();
  const state: Record<string, unknown> = {};
  for (const domain of domains) {
    let now = START;
    const context: DomainContext = {
      fixtures,
      timeZone: TIME_ZONE,
      now: () => now,
      reportingTemplates: () => [...config.reporting.values()],
    };
    const simulator = domain.createSimulator(context, seededRandom(7));
    const aggregator = domain.createAggregator(context);
    const out = new RecordingWriter();
    let seq = 0;
    const apply = (events: ReturnType<typeof simulator.step>) => {
      for (const event of events)
        aggregator.apply(
          {
            seq: ++seq,
            domain: domain.name,
            kind: event.kind,
            time: event.time as number,
            source: 'simulator',
            simulated: true,
            idempotencyKey: event.id ?? null,
            data: event.data,
          },
          out,
        );
    };
    apply(simulator.seed(now).sort((a, b) => (a.time as number) - (b.time as number)));
    aggregator.tick(now, out);
    for (let second = 10; second <= 600; second += 10) {
      now += 10_000;
      apply(simulator.step(now, 10_000, 1));
      aggregator.flush(out);
      aggregator.tick(now, out);
    }
    for (const [topic, value] of out.state) state[topic] = value;
  }
  return state as TopicData;
}

const CHOROPLETH_MEANING: Record<string, Meaning> = { bad: 'alarm', fair: 'warn', good: 'met' };

/** The figures a bound widget colours, each as `topic#what` with its meaning. */
function claims(type: string, options: Record<string, unknown>, input: unknown): Array<[string, Meaning]> {
  switch (type) {
    case 'kpi-tile': {
      const tile = input as KpiTileInput;
      const figure =
        options.topic === 'kpi.values' && options.field === undefined
          ? `kpi.values#${String(options.code)}`
          : `${String(options.topic)}#${String(options.field)}`;
      return [[figure, tile.meaning]];
    }
    case 'gauge':
      return [[`kpi.values#${String(options.code)}`, (input as GaugeInput).meaning]];
    case 'ranking':
      return (input as RankingInput).rows.map((row) => [
        `${String(options.topic)}#${String(options.field)}.${row.key}`,
        'neutral',
      ]);
    case 'table': {
      const table = input as TableInput;
      const figure = (id: string) => {
        switch (options.data) {
          case 'wards-ranking':
            return `reports.summary#${options.by === 'historical' ? 'byWardHistorical' : 'byWard'}.${id}.onTimeRate`;
          case 'reports-recent':
            return `reports.recent#${id}`;
          case 'list':
            return `${String(options.topic)}#${id}`;
          default:
            return `${String(options.data)}#${id}`;
        }
      };
      // A list's line carries its meaning on its dot; the other kinds on the row's bar.
      return table.rows.map((row): [string, Meaning] =>
        options.data === 'list' ? [figure(row.id), meaningOfTone(row.dot)] : [figure(row.id), rowMeaning(row.tone)],
      );
    }
    case 'map': {
      const map = input as MapInput;
      const out: Array<[string, Meaning]> = [];
      map.reports.forEach((report: ReportItem) => out.push([`reports.recent#${report.id}`, meaningOfReport(report)]));
      for (const group of map.points)
        for (const point of group.points) out.push([`${group.topic}#${point.id}`, meaningOfTone(point.tone)]);
      const choropleth: Choropleth | null = map.choropleth;
      if (choropleth) {
        const of = options.choroplethOf as { topic: string; field?: string } | undefined;
        for (const [ward, value] of Object.entries(choropleth.values)) {
          const cls = choroplethClass(value, choropleth);
          const figure = of ? `${of.topic}#${of.field}.${ward}` : `reports.summary#byWard.${ward}.onTimeRate`;
          out.push([figure, CHOROPLETH_MEANING[cls] ?? 'neutral']);
        }
      }
      return out;
    }
    default:
      // Charts, clocks, texts, tickers: nothing they draw is a judgement of a figure shown elsewhere.
      return [];
  }
}

let config: LoadedConfig;
let data: TopicData;
beforeAll(async () => {
  config = await loadConfig();
  data = simulatedTopics(config);
});

describe('one meaning per colour across the product', () => {
  it('gives every figure the same meaning in every widget of every dashboard that colours it', () => {
    const seen = new Map<string, Map<Meaning, string[]>>();
    let bound = 0;
    for (const dashboard of config.dashboards.values()) {
      for (const placement of dashboard.widgets) {
        const manifest = widgetTypes.get(placement.type);
        expect(manifest, placement.type).toBeDefined();
        const options = resolveOptions(manifest!, placement.options);
        const input = manifest!.bind(data, options, { screen: null, cityHour: '2026-11-30T10' });
        if (input === null) continue;
        bound++;
        for (const [figure, meaning] of claims(placement.type, options, input)) {
          const byMeaning = seen.get(figure) ?? new Map<Meaning, string[]>();
          byMeaning.set(meaning, [...(byMeaning.get(meaning) ?? []), `${dashboard.id}/${placement.id}`]);
          seen.set(figure, byMeaning);
        }
      }
    }
    // Neutral is "no judgement made here" (a ranking's place, a tile without thresholds); two
    // different judgements of one figure are the contradiction a leader must never see.
    const conflicts = [...seen]
      .filter(([, byMeaning]) => [...byMeaning.keys()].filter((meaning) => meaning !== 'neutral').length > 1)
      .map(
        ([figure, byMeaning]) =>
          `${figure}: ${[...byMeaning].map(([m, where]) => `${m} in ${where.join(', ')}`).join('; ')}`,
      );
    expect(conflicts).toEqual([]);
    // The check saw the briefing's figures, not an empty wall.
    expect(bound).toBeGreaterThan(50);
    expect([...seen.keys()].filter((figure) => figure.startsWith('kpi.values#')).length).toBeGreaterThanOrEqual(7);
    expect([...seen.keys()].some((figure) => figure.includes('.onTimeRate'))).toBe(true);
  });
});
