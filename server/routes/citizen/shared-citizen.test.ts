/**
 * The citizens' channel on two servers sharing one PostgreSQL schema and one Redis (real servers
 * both, as `IOC_DATABASE_URL` + `IOC_REDIS_URL` make of two processes behind one address): a
 * challenge fetched through one is accepted by the other, a challenge used on one is refused on
 * the other, a tracking code given by one is found by the other, and the per-address limits count
 * what both took.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, type TestApp } from '../../test-support/test-app';
import { startTwoServers, type TwoServers } from '../../test-support/two-servers';
import { solveChallenge } from './proof-of-work';
import type { CitizenChallenge } from '../../protocol/citizen';
import { waitUntil } from '../../test-support/wait-until';
import { reportsReadModel } from '../../domains/reports/aggregator';

const T0 = Date.UTC(2026, 11, 4, 2, 0, 0);
const PER_ADDRESS = 6;
const LOOKUPS = 4;
const SLOW = { timeout: 60_000 };
let system: TwoServers;
let places = 0;
/** Reports and look-ups each process accepted so far (all from one address, 127.0.0.1). */
const accepted = new Map<TestApp, number>();
const lookedUp = new Map<TestApp, number>();
const add = (counts: Map<TestApp, number>, app: TestApp) => counts.set(app, (counts.get(app) ?? 0) + 1);
const total = (counts: Map<TestApp, number>) => [...counts.values()].reduce((sum, n) => sum + n, 0);

beforeAll(async () => {
  const config = testConfig();
  config.app.citizen = {
    ...config.app.citizen,
    powDifficulty: 4,
    reportsPerHourPerAddress: PER_ADDRESS,
    lookupsPerMinute: LOOKUPS,
    duplicateMeters: 0,
  };
  system = await startTwoServers({ config, now: () => T0 });
}, 90_000);
afterAll(async () => {
  await system?.close();
}, 60_000);

async function challenge(app: TestApp): Promise<{ challenge: string; nonce: string }> {
  const body = (await (await fetch(`${app.url}/api/citizen/challenge`)).json()) as CitizenChallenge;
  return { challenge: body.challenge, nonce: solveChallenge(body.challenge, body.difficulty) };
}

interface Answer {
  clientId: string;
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function lookUp(app: TestApp, ref: string): Promise<Response> {
  const response = await fetch(`${app.url}/api/citizen/reports/${encodeURIComponent(ref)}`);
  if (response.status !== 429) add(lookedUp, app);
  return response;
}

/**
 * A report from a phone, each at its own place (inside Tam Thanh ward), without a device id; with
 * `retryOf`, the phone's outbox sending that report again (not counted as a new one).
 */
async function submit(app: TestApp, proof: { challenge: string; nonce: string }, retryOf?: string): Promise<Answer> {
  const form = new FormData();
  const fields = {
    clientId: retryOf ?? randomUUID(),
    category: 'road-damage',
    description: 'Ổ gà trước cổng chợ',
    lat: String(21.85 + ++places * 0.001),
    lon: '106.749',
    website: '',
    ...proof,
  };
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const response = await fetch(`${app.url}/api/citizen/reports`, { method: 'POST', body: form });
  if (response.status === 201 && !retryOf) add(accepted, app);
  return {
    clientId: fields.clientId,
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

describe("the citizens' channel on two servers", () => {
  it('accepts through B a challenge fetched through A, and A finds the tracking code B gave', SLOW, async () => {
    const { a, b } = system;
    const fromA = await submit(b, await challenge(a));
    expect(fromA.status, JSON.stringify(fromA.body)).toBe(201);
    const fromB = await submit(a, await challenge(b));
    expect(fromB.status, JSON.stringify(fromB.body)).toBe(201);
    // One secret: the code derived on B is the report's code on A too.
    const followed = await lookUp(a, String(fromA.body.code));
    expect(followed.status).toBe(200);
    expect(((await followed.json()) as { reportId: string }).reportId).toBe(fromA.body.reportId);
  });

  it(
    'answers a retry through the other process as the first try was answered, storing nothing more',
    SLOW,
    async () => {
      const aggregating = (app: TestApp) => app.ioc.app.scaleout?.aggregating() === true;
      await waitUntil(() => aggregating(system.a) || aggregating(system.b), 'a leader');
      // The retry goes to the follower, whose read model does not hold the report.
      const [leader, follower] = aggregating(system.a) ? [system.a, system.b] : [system.b, system.a];
      const proof = await challenge(leader);
      const first = await submit(leader, proof);
      expect(first.status).toBe(201);
      const again = await submit(follower, proof, first.clientId);
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      expect(again.body).toEqual(first.body);
      const { rows } = await leader.ioc.app.shared!.pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM events WHERE kind = 'report.created' AND payload->>'reportId' = $1",
        [first.body.reportId],
      );
      expect(Number(rows[0]!.n)).toBe(1);
    },
  );

  it('refuses on one process a challenge used on the other', SLOW, async () => {
    const { a, b } = system;
    const proof = await challenge(a);
    expect((await submit(a, proof)).status).toBe(201);
    const again = await submit(b, proof);
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ field: 'challenge' });
    expect(String(again.body.message)).toContain('already used');
    expect(String(again.body.messageVi)).toContain('đã được dùng');
  });

  it('stores one rating, whole, when a code is rated through A and through B at the same moment', SLOW, async () => {
    const { a, b } = system;
    // The department's moves through the leader, whose aggregators check them against what it just stored.
    const aggregating = (app: TestApp) => app.ioc.app.scaleout?.aggregating() === true;
    await waitUntil(() => aggregating(a) || aggregating(b), 'a leader');
    const leader = aggregating(a) ? a : b;
    const filed = await submit(leader, await challenge(leader));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const reportId = String(filed.body.reportId);
    expect(
      (
        await leader.postAsModerator({
          domain: 'reports',
          kind: 'report.status',
          data: { reportId, status: 'approved' },
        })
      ).status,
    ).toBeLessThan(300);
    for (const [kind, data] of [
      ['report.assigned', { department: 'phong-kinh-te' }],
      ['report.accepted', {}],
      ['report.responded', { text: 'Đã vá ổ gà' }],
    ] as const)
      expect((await leader.post({ domain: 'reports', kind, data: { reportId, ...data } })).status).toBeLessThan(300);
    // Both processes' read models hold the answer (a follower's trails the store by a NOTIFY).
    await waitUntil(
      () => [a, b].every((app) => reportsReadModel(app.ioc.runtime)?.get(reportId)?.status === 'resolved'),
      'both processes know the report is answered',
    );

    // A double tap that a balancer spread over both: a good rating through A, a poor one that
    // asks to reopen through B. Each process's check passes (neither has seen the other's rating).
    const rate = (app: TestApp, body: unknown) =>
      fetch(`${app.url}/api/citizen/reports/${String(filed.body.code)}/rating`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const [throughA, throughB] = await Promise.all([rate(a, { score: 5 }), rate(b, { score: 1, reopen: true })]);
    add(lookedUp, a);
    add(lookedUp, b);
    expect([throughA.status, throughB.status].sort()).toEqual([200, 409]);
    const refused = throughA.status === 409 ? throughA : throughB;
    expect(await refused.json()).toMatchObject({
      field: 'code',
      messageVi: expect.stringContaining('đã được đánh giá'),
    });

    // One rating stored, and the reopening only if the poor rating is the one stored: never half of it.
    const { rows } = await a.ioc.app.shared!.pool.query<{ kind: string; status: string | null }>(
      "SELECT kind, payload->>'status' AS status FROM events WHERE source = 'citizen' AND payload->>'reportId' = $1 AND kind <> 'report.created'",
      [reportId],
    );
    expect(rows.filter((row) => row.kind === 'report.rated')).toHaveLength(1);
    expect(rows.filter((row) => row.status === 'in_progress')).toHaveLength(throughB.status === 200 ? 1 : 0);
  });

  it(
    'counts the reports of one address on both processes together: 429 with Retry-After naming the field',
    SLOW,
    async () => {
      const { a, b } = system;
      let refused: Answer | null = null;
      for (let turn = 0; turn < 2 * PER_ADDRESS && !refused; turn++) {
        const app = turn % 2 === 0 ? b : a;
        const answer = await submit(app, await challenge(app));
        if (answer.status === 429) refused = answer;
        else expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      }
      // Refused once both together took the limit, while neither alone had reached it.
      expect(total(accepted)).toBe(PER_ADDRESS);
      for (const app of [a, b]) expect(accepted.get(app) ?? 0).toBeLessThan(PER_ADDRESS);
      expect(refused?.body).toMatchObject({ statusCode: 429, field: 'address' });
      expect(String(refused?.body.message)).toContain(`at most ${PER_ADDRESS} reports an hour from one address`);
      expect(String(refused?.body.messageVi)).toContain(`tối đa ${PER_ADDRESS} phản ánh mỗi giờ từ một địa chỉ mạng`);
      // The oldest of the counted reports leaves the window an hour after it (the clock stands still here).
      expect(refused?.headers.get('retry-after')).toBe('3600');
    },
  );

  it('counts the look-ups of one address on both processes together', SLOW, async () => {
    const { a, b } = system;
    let refused: Response | null = null;
    for (let turn = 0; turn < 2 * LOOKUPS && !refused; turn++) {
      const response = await lookUp(turn % 2 === 0 ? b : a, 'LS-0000-0000');
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(404);
    }
    expect(total(lookedUp)).toBe(LOOKUPS);
    for (const app of [a, b]) expect(lookedUp.get(app) ?? 0).toBeLessThan(LOOKUPS);
    expect(refused?.headers.get('retry-after')).toBe('60');
    expect(await refused?.json()).toMatchObject({ statusCode: 429, field: 'ref' });
  });
});
