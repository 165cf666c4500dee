/**
 * The breakdown of a KPI by ward comes from the figures the wards enter: a KPI that one department
 * enters for the whole city (GRDP, disbursement) has none, and never shows a department's id as a
 * ward (the overview's panel once listed "phong-tai-chinh-ke-hoach" under "Theo phường, xã").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { domains } from '../domains/index';
import type { DomainContext } from '../domains/domain';
import { DomainRuntime } from '../domains/runtime';
import { isReportingAggregator } from '../domains/reporting/aggregator';
import { TopicHub } from '../realtime/topic-hub';
import { loadFixtures } from '../fixtures/fixtures';
import { seededRandom } from '../feeds/simulator/random';
import { loadConfig, type LoadedConfig } from '../config/load-config';
import { TIME_ZONE } from '../test-support/domain-harness';
import type { KpiValue } from '../protocol/topics';
import { kpiDetail, type KpiDetailInput } from './kpi-detail';

const NOW = Date.UTC(2026, 11, 4, 3, 0, 0);
let input: Omit<KpiDetailInput, 'code'>;
let config: LoadedConfig;

beforeAll(async () => {
  config = await loadConfig();
  const hub = new TopicHub({ emit: () => {}, now: () => NOW });
  hub.stop();
  const context: DomainContext = {
    fixtures: loadFixtures(),
    timeZone: TIME_ZONE,
    now: () => NOW,
    reportingTemplates: () => [...config.reporting.values()],
  };
  const runtime = new DomainRuntime(domains, context, hub);
  let seq = 0;
  const seeded = domains.flatMap((domain) => domain.createSimulator(context, seededRandom(3)).seed(NOW));
  runtime.apply(
    seeded.map((event) => ({
      seq: ++seq,
      domain: event.domain,
      kind: event.kind,
      time: (event.time as number | undefined) ?? NOW,
      source: 'simulator',
      simulated: true,
      idempotencyKey: event.id ?? null,
      data: event.data,
    })),
  );
  hub.flush();
  const reporting = runtime.aggregator('reporting');
  input = {
    kpis: (hub.current('kpi.values') as KpiValue[] | null) ?? [],
    reporting: isReportingAggregator(reporting) ? reporting.readModel : null,
    units: config.units,
    unit: null,
    compare: 'year',
  };
});

const wardBreakdown = (code: string) => {
  const answer = kpiDetail({ ...input, code });
  if ('unknownField' in answer) throw new Error(`no KPI ${code}`);
  return answer.breakdowns.filter((breakdown) => breakdown.by === 'ward');
};

describe('a KPI broken down by ward', () => {
  it('is broken down over the wards that enter it', () => {
    const [byWard] = wardBreakdown('budget-revenue');
    expect(byWard?.rows.map((row) => row.unit)).toEqual(['05986', '05983', '06187', '05977']);
    expect(byWard?.rows.map((row) => row.name.vi)).toEqual(expect.arrayContaining(['Phường Tam Thanh']));
  });

  it('a figure one department enters for the whole city has no breakdown by ward', () => {
    expect(wardBreakdown('grdp-growth')).toEqual([]);
    expect(wardBreakdown('public-investment-disbursement')).toEqual([]);
  });
});
