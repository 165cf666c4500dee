import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/load-config';
import { compileExpression, evaluate, toEvents } from './mapping';

const CONFIG = fileURLToPath(new URL('../../../config/', import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function configWith(file: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-feeds-config-'));
  dirs.push(dir);
  cpSync(CONFIG, dir, { recursive: true });
  writeFileSync(path.join(dir, 'feeds', file), text);
  return dir;
}

const webhook = (emits: string, mapping = '{ "domain": "kpi" }') => `version: 1
id: thu
kind: webhook
title: { vi: Thử, en: Test }
secretEnv: IOC_FEED_THU_SECRET
emits: [${emits}]
paused: true
mapping: '${mapping}'
`;

async function problemsOf(dir: string): Promise<string[]> {
  try {
    await loadConfig(dir);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => `${problem.file} ${problem.path}: ${problem.reason}`);
  }
}

describe('feed config', () => {
  it('loads the shipped feeds, one of each kind, all paused', async () => {
    const config = await loadConfig();
    const kinds = [...config.feeds.values()].map((feed) => feed.kind).sort();
    expect(kinds).toEqual(['http-poll', 'mqtt', 'webhook']);
    expect([...config.feeds.values()].every((feed) => feed.paused)).toBe(true);
  });

  it('refuses a domain or an event kind the domains do not have, naming the file and path', async () => {
    expect(await problemsOf(configWith('thu.yaml', webhook('{ domain: moi-truong, kind: pm25 }')))).toEqual([
      expect.stringMatching(/feeds\/thu\.yaml \/emits\/0\/domain: unknown domain "moi-truong"/),
    ]);
    expect(await problemsOf(configWith('thu.yaml', webhook('{ domain: kpi, kind: kpi.pm25 }')))).toEqual([
      expect.stringMatching(/\/emits\/0\/kind: the domain "kpi" has no event kind "kpi.pm25" \(it has: kpi.value\)/),
    ]);
  });

  it('refuses a mapping that does not compile, saying where', async () => {
    const problems = await problemsOf(configWith('thu.yaml', webhook('{ domain: kpi, kind: kpi.value }', '{ "a": ')));
    expect(problems).toEqual([expect.stringMatching(/\/mapping: JSONata syntax error at character \d+/)]);
  });

  it('refuses a secret written into the file instead of an environment variable name', async () => {
    const text = webhook('{ domain: kpi, kind: kpi.value }').replace('IOC_FEED_THU_SECRET', 'hunter2-secret');
    expect(await problemsOf(configWith('thu.yaml', text))).toEqual([expect.stringContaining('/secretEnv')]);
  });

  it('the MQTT example maps a counter message to a traffic observation, converting units', async () => {
    const feed = (await loadConfig()).feeds.get('dem-xe-mqtt')!;
    const message = { ts: '2026-12-04T08:05:00+07:00', count: 35, speed: 38.5, occ: 21, jam: false };
    const result = await evaluate(compileExpression(feed.mapping), message, {
      topic: 'langson/giaothong/ql1a-trung-tam/luuluong',
    });
    expect(toEvents(result, feed.emits)).toEqual([
      {
        domain: 'traffic',
        kind: 'traffic.flow-observed',
        id: 'dem-xe-ql1a-trung-tam-2026-12-04T08:05:00+07:00',
        time: '2026-12-04T08:05:00+07:00',
        data: {
          refRoadSegment: 'ql1a-trung-tam',
          dateObserved: '2026-12-04T08:05:00+07:00',
          intensity: 420,
          averageVehicleSpeed: 38.5,
          occupancy: 0.21,
          congested: false,
        },
      },
    ]);
  });
});
