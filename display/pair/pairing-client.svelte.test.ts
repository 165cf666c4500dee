import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PairingClient } from './pairing-client.svelte';

type Answer = { status: number; body?: unknown } | Error;

/** A server that answers each POST path from a queue, and records what it was asked. */
function fakeServer(answers: Record<string, Answer[]>) {
  const calls: Array<{ path: string; body: unknown }> = [];
  const fetcher = (async (path: string, init?: RequestInit) => {
    calls.push({ path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const answer = answers[path]?.shift() ?? { status: 200, body: { state: 'waiting' } };
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status });
  }) as typeof fetch;
  return { fetcher, calls };
}

const code = (value: string, ticket = `iocp_${value}`) => ({
  status: 201,
  body: { code: value, ticket, ttlMs: 600_000 },
});

describe('PairingClient', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows a code, polls with its ticket, and keeps the token once paired', async () => {
    const paired = vi.fn();
    const { fetcher, calls } = fakeServer({
      '/api/v1/pairing': [code('AC3F7K')],
      '/api/v1/pairing/status': [
        { status: 200, body: { state: 'waiting' } },
        { status: 200, body: { state: 'paired', screenId: 'led-ky-lua', token: 'iocs_t' } },
      ],
    });
    const client = new PairingClient({ fetcher, onPaired: paired });
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.state).toMatchObject({ kind: 'showing', code: 'AC3F7K' });
    await vi.advanceTimersByTimeAsync(4000);
    expect(paired).toHaveBeenCalledWith('led-ky-lua', 'iocs_t');
    expect(client.state).toEqual({ kind: 'paired', screenId: 'led-ky-lua' });
    expect(calls.filter((call) => call.path === '/api/v1/pairing/status').map((call) => call.body)).toEqual([
      { ticket: 'iocp_AC3F7K' },
      { ticket: 'iocp_AC3F7K' },
    ]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
  });

  it('asks for a new code when the old one expires, and waits out a busy or absent server', async () => {
    const { fetcher } = fakeServer({
      '/api/v1/pairing': [new Error('offline'), { status: 429 }, code('AAAAAA'), code('CCCCCC')],
      '/api/v1/pairing/status': [{ status: 410 }],
    });
    const client = new PairingClient({ fetcher, onPaired: () => {} });
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.state).toEqual({ kind: 'waiting', reason: 'unreachable' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(client.state).toEqual({ kind: 'waiting', reason: 'busy' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(client.state).toMatchObject({ kind: 'showing', code: 'AAAAAA' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(client.state).toMatchObject({ kind: 'showing', code: 'CCCCCC' });
    client.stop();
  });
});
