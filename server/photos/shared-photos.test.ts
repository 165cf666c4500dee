/**
 * Photos on PostgreSQL shared by two servers (one schema, one Redis; real servers both): a photo
 * uploaded through one process is served by the other under the same rules: the full copy to
 * staff, the public copy only once a public report holds it, nothing of it before. The photo goes
 * in through the follower and out through the leader: whether a report is public is read from
 * the reports read model, which only the aggregation leader keeps up to date (see the report).
 */
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { reportsReadModel } from '../domains/reports/aggregator';
import { startTwoServers, type TwoServers } from '../test-support/two-servers';
import { waitUntil } from '../test-support/wait-until';

const URBAN = 'phong-kinh-te';
const systems: TwoServers[] = [];
afterEach(async () => {
  for (const system of systems.splice(0)) await system.close();
}, 60_000);
const SLOW = { timeout: 90_000 };

describe('photos on PostgreSQL', () => {
  it(
    'uploaded through one, served by the other: to staff at once, to the public only with the public report',
    SLOW,
    async () => {
      const system = await startTwoServers();
      systems.push(system);
      await waitUntil(() => system.a.ioc.app.scaleout!.leading() || system.b.ioc.app.scaleout!.leading(), 'a leader');
      // `a` takes the upload (the follower), `b` serves it (the leader).
      const [a, b] = system.a.ioc.app.scaleout!.leading() ? [system.b, system.a] : [system.a, system.b];
      const password = 'mật khẩu đủ dài của người xử lý';
      const { user } = await a.ioc.security.createUser(
        { username: 'qldt', role: 'entry', password },
        { actor: 'test' },
      );
      await a.ioc.security.addScope(user.id, { role: 'handler', unit: URBAN }, { actor: 'test' });
      const login = await fetch(`${a.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'qldt', password }),
      });
      const handler = {
        cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
        csrfToken: ((await login.json()) as { csrfToken: string }).csrfToken,
      };

      const reportId = 'r-shared-photo';
      await b.post({
        domain: 'reports',
        kind: 'report.created',
        data: { reportId, category: 'road-damage', title: 'Ổ gà', description: '', lat: 21.855, lon: 106.749 },
      });
      await b.post({ domain: 'reports', kind: 'report.assigned', data: { reportId, department: URBAN } });
      await b.post({ domain: 'reports', kind: 'report.accepted', data: { reportId } });
      const form = new FormData();
      const jpeg = await sharp({ create: { width: 200, height: 150, channels: 3, background: '#2a6' } })
        .jpeg()
        .toBuffer();
      form.append('photo', new Blob([new Uint8Array(jpeg)]), 'x.jpg');
      const uploaded = await fetch(`${a.url}/api/v1/photos`, {
        method: 'POST',
        headers: { cookie: handler.cookie, 'x-csrf-token': handler.csrfToken },
        body: form,
      });
      expect(uploaded.status).toBe(201);
      const [id] = ((await uploaded.json()) as { photos: string[] }).photos;

      // Staff on the other process (the session is shared too) see the full copy stored through this one.
      const staffOn = (app: typeof a) =>
        fetch(`${app.url}/api/v1/photos/${id}`, { headers: { cookie: handler.cookie } });
      await waitUntil(async () => (await staffOn(b)).status === 200, 'B serves the full copy');
      const fromA = Buffer.from(await (await staffOn(a)).arrayBuffer());
      expect(Buffer.from(await (await staffOn(b)).arrayBuffer()).equals(fromA)).toBe(true);

      // The response through the leader, once it has the report accepted (a follower's read model lags).
      await waitUntil(
        () => reportsReadModel(b.ioc.app.runtime)?.get(reportId)?.status === 'in_progress',
        'the report in progress on the leader',
      );
      const responded = await fetch(`${b.url}/api/v1/reports/${reportId}/respond`, {
        method: 'POST',
        headers: { cookie: handler.cookie, 'x-csrf-token': handler.csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Đã vá', photos: [id] }),
      });
      expect(responded.status).toBe(200);
      const publicOn = (app: typeof a) => fetch(`${app.url}/media/photos/${id}.jpg`);
      // Not public yet: 404, though the photo is there.
      expect((await publicOn(b)).status).toBe(404);
      await b.postAsModerator({
        domain: 'reports',
        kind: 'report.moderated',
        data: { reportId, publication: 'approved' },
      });
      await waitUntil(async () => (await publicOn(b)).status === 200, 'B serves the public copy of the public report');
      const publicCopy = await sharp(Buffer.from(await (await publicOn(b)).arrayBuffer())).metadata();
      expect(publicCopy.format).toBe('jpeg');
    },
  );
});
