/**
 * The payload schemas say what the aggregators really publish: after each domain's simulated
 * history and a few minutes of live steps, every topic's state fits the schema its definition
 * carries, with no field the schema does not declare. The config check trusts these schemas to
 * refuse a dashboard's misspelt field, so a field an aggregator adds or renames must show here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { domains } from './index';
import type { DomainContext } from './domain';
import { loadFixtures } from '../fixtures/fixtures';
import { seededRandom } from '../feeds/simulator/random';
import { RecordingWriter, TIME_ZONE } from '../test-support/domain-harness';
import { loadConfig } from '../config/load-config';
import type { ReportingTemplate } from '../../config/schema/reporting';

// 10:00 on Monday 30/11/2026 in Hà Nội.
const START = Date.UTC(2026, 10, 30, 3, 0, 0);
const fixtures = loadFixtures();
// The city's report templates: the reporting status lists their units and periods.
let reportingTemplates: ReportingTemplate[] = [];
beforeAll(async () => {
  reportingTemplates = [...(await loadConfig()).reporting.values()];
});

interface Node {
  type?: string;
  anyOf?: Node[];
  properties?: Record<string, Node>;
  patternProperties?: Record<string, Node>;
  items?: Node;
}

/** Paths of the keys in `value` that its schema does not declare (Value.Check lets extra keys pass). */
function undeclared(schema: Node, value: unknown, at = ''): string[] {
  if (schema.anyOf) {
    const match = schema.anyOf.find((alternative) => Value.Check(alternative as TSchema, value));
    return match ? undeclared(match, value, at) : [];
  }
  if (schema.type === 'array' && Array.isArray(value) && schema.items)
    return value.flatMap((item, index) => undeclared(schema.items!, item, `${at}/${index}`));
  if (schema.type !== 'object' || value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const declared =
      schema.properties?.[key] ??
      Object.entries(schema.patternProperties ?? {}).find(([pattern]) => new RegExp(pattern).test(key))?.[1];
    return declared ? undeclared(declared, item, `${at}/${key}`) : [`${at}/${key}`];
  });
}

function publish(domainName: string, seconds: number): RecordingWriter {
  const domain = domains.find((candidate) => candidate.name === domainName)!;
  let now = START;
  const context: DomainContext = {
    fixtures,
    timeZone: TIME_ZONE,
    now: () => now,
    reportingTemplates: () => reportingTemplates,
  };
  const simulator = domain.createSimulator(context, seededRandom(3));
  const aggregator = domain.createAggregator(context);
  const out = new RecordingWriter();
  let seq = 0;
  const apply = (events: ReturnType<typeof simulator.step>) => {
    for (const event of events) {
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
    }
  };
  apply(simulator.seed(now).sort((a, b) => (a.time as number) - (b.time as number)));
  aggregator.tick(now, out);
  for (let second = 1; second <= seconds; second++) {
    now += 1000;
    apply(simulator.step(now, 1000, 1));
    aggregator.flush(out);
    aggregator.tick(now, out);
  }
  return out;
}

describe('payload schemas against what the aggregators publish', () => {
  it.each(domains.map((domain) => [domain.name]))(
    '%s: every topic fits its schema, with no undeclared field',
    (name) => {
      const out = publish(name, 300);
      for (const topic of domains.find((domain) => domain.name === name)!.topics) {
        // Takeovers are published only when an operator declares one: none in simulated traffic.
        if (topic.name === 'alerts.takeovers' && !out.state.has(topic.name)) continue;
        expect(out.state.has(topic.name), `${topic.name} is published`).toBe(true);
        const value = out.state.get(topic.name);
        const errors = Value.Errors(topic.payload, value)
          .slice(0, 3)
          .map((error) => `${error.instancePath} ${error.message}`);
        expect(errors, topic.name).toEqual([]);
        expect(undeclared(topic.payload as Node, value), topic.name).toEqual([]);
      }
    },
  );
});
