/**
 * The public audience across every domain, at the socket level: after each domain's simulator has
 * posted its history and some live events through the real ingest API, a public socket may
 * subscribe to the public topics only, and nothing it receives carries a personal field or any
 * personal value that went in (names, phones, authors, addresses, free text of citizens).
 * A new domain is covered by this test as soon as it is listed in `server/domains/index.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { loadFixtures } from '../fixtures/fixtures';
import { domains } from './index';
import type { DomainContext, IngestEvent } from './domain';

const NOW = Date.UTC(2026, 10, 28, 3, 0, 0);
/** Fields that hold personal data wherever they appear in an event. */
const PERSONAL_KEYS = new Set([
  'reporter',
  'contact',
  'name',
  'phone',
  'email',
  'author',
  'authorHandle',
  'handle',
  'address',
  'description',
  'applicant',
  'applicantName',
  'citizen',
  'url',
]);
/** Fields that must never appear in a public payload (`name` may: places and indicators have names). */
const FORBIDDEN_PUBLIC_KEYS = [...PERSONAL_KEYS].filter((key) => key !== 'name');

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every string held under a personal key of an event (at any depth), at least 6 characters long. */
function personalValues(value: unknown, underPersonal = false, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (underPersonal && value.length >= 6) out.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) personalValues(item, underPersonal, out);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) personalValues(item, underPersonal || PERSONAL_KEYS.has(key), out);
  }
  return out;
}

function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.add(key);
      keysOf(item, out);
    }
  }
  return out;
}

let app: TestApp;
const posted: IngestEvent[] = [];

beforeAll(async () => {
  app = await startTestApp({ now: () => NOW });
  const context: DomainContext = { fixtures: loadFixtures(), timeZone: 'Asia/Ho_Chi_Minh', now: () => NOW };
  for (const domain of domains) {
    const simulator = domain.createSimulator(context, mulberry32(7));
    const events = [...simulator.seed(NOW)];
    for (let second = 1; second <= 600; second += 5) events.push(...simulator.step(NOW + second * 1000, 5000, 1));
    for (let start = 0; start < events.length; start += 500) {
      const batch = events
        .slice(start, start + 500)
        .map((event) => ({ ...event, time: Math.min(Number(event.time ?? NOW), NOW) }));
      // The simulators approve reports, which only a person may: posted as a signed-in moderator.
      const response = await app.postAsModerator(batch);
      expect(response.status, `${domain.name}: ${JSON.stringify(response.body)}`).toBe(200);
      posted.push(...batch);
    }
  }
}, 120_000);

afterAll(async () => {
  await app.dispose();
});

describe('the public audience, every domain', () => {
  it('may subscribe to public topics only', async () => {
    const socket = await app.connect();
    for (const topic of app.ioc.hub.list()) {
      const ack = await app.subscribe(socket, { topic: topic.name });
      expect(ack.ok, `${topic.name} (${topic.audience})`).toBe(topic.audience === 'public');
    }
  });

  it('receives no personal field and no personal value that went in', async () => {
    const secrets = [...personalValues(posted.map((event) => event.data))];
    expect(secrets.length).toBeGreaterThan(10); // the simulators do send personal data: the test has teeth
    const socket = await app.connect();
    const publicTopics = app.ioc.hub.list('public');
    expect(publicTopics.length).toBeGreaterThan(5);
    for (const topic of publicTopics) {
      const ack = await app.subscribe(socket, { topic: topic.name });
      expect(ack.ok).toBe(true);
      const keys = keysOf(ack);
      for (const key of FORBIDDEN_PUBLIC_KEYS) expect(keys.has(key), `${topic.name} carries "${key}"`).toBe(false);
      const text = JSON.stringify(ack);
      const leaked = secrets.filter((secret) => text.includes(secret));
      expect(leaked, `${topic.name} leaks personal values`).toEqual([]);
    }
  });
});
