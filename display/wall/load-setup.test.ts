import { describe, expect, it } from 'vitest';
import { loadSetup } from './load-setup';
import { SERVER_TIME_HEADER } from '../../server/protocol/server-time';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (async () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    })) as typeof fetch;

describe('loadSetup', () => {
  it("measures the server's clock on the setup answer, so a screen whose PC is off starts on server time", async () => {
    const serverTime = Date.now() + 37_000;
    const result = await loadSetup(
      { kind: 'screen', id: 'tuong-ioc-1-1' },
      'iocs_x',
      answer(200, { dashboard: {} }, { [SERVER_TIME_HEADER]: String(serverTime) }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.clockOffset).toBeGreaterThan(36_900);
    expect(result.clockOffset).toBeLessThan(37_100);
  });

  it('has no offset when the answer carries no time (an older server), and names the refusal', async () => {
    const plain = await loadSetup({ kind: 'dashboard', id: 'main' }, null, answer(200, {}));
    expect(plain).toMatchObject({ ok: true, clockOffset: null });
    const refused = await loadSetup(
      { kind: 'screen', id: 'x' },
      null,
      answer(403, { message: 'no', messageVi: 'không' }),
    );
    expect(refused).toEqual({ ok: false, status: 403, message: { vi: 'không', en: 'no' } });
  });
});
