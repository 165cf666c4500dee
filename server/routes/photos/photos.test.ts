/**
 * The department's response photos: uploaded by a handler to the photo store, sent with the
 * response, shown to staff on the inbox item, and to the public only once the report is public.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import type { HandlingList } from '../../protocol/reports-handling';

const URBAN = 'phong-kinh-te';
let app: TestApp;
let handler: { cookie: string; csrfToken: string };

beforeAll(async () => {
  app = await startTestApp();
  const password = 'mật khẩu đủ dài của người xử lý';
  const { user } = await app.ioc.security.createUser({ username: 'qldt', role: 'entry', password }, { actor: 'test' });
  app.ioc.security.addScope(user.id, { role: 'handler', unit: URBAN }, { actor: 'test' });
  const response = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'qldt', password }),
  });
  handler = {
    cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!,
    csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken,
  };
});
afterAll(() => app.dispose());

async function upload(files: Buffer[], who: typeof handler | null = handler) {
  const form = new FormData();
  for (const file of files) form.append('photo', new Blob([new Uint8Array(file)]), 'x.jpg');
  const response = await fetch(`${app.url}/api/v1/photos`, {
    method: 'POST',
    headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrfToken } : {},
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const photo = () =>
  sharp({ create: { width: 200, height: 150, channels: 3, background: '#2a6' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'OfficePhone' } })
    .toBuffer();

const post = (method: string, path: string, body: unknown) =>
  fetch(`${app.url}${path}`, {
    method,
    headers: { cookie: handler.cookie, 'x-csrf-token': handler.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('response photos', () => {
  it('refuses anonymous uploads and files that are not photos, naming the field', async () => {
    expect((await upload([await photo()], null)).status).toBe(401);
    const bad = await upload([await photo(), Buffer.from('not a photo')]);
    expect([bad.status, bad.body.field]).toEqual([400, 'photo[1]']);
  });

  it('go with the response, to staff at once and to the public with the public report', async () => {
    const reportId = 'r-photo-1';
    await app.post({
      domain: 'reports',
      kind: 'report.created',
      data: { reportId, category: 'road-damage', title: 'Ổ gà', description: '', lat: 21.855, lon: 106.749 },
    });
    await app.post({ domain: 'reports', kind: 'report.assigned', data: { reportId, department: URBAN } });
    await app.post({ domain: 'reports', kind: 'report.accepted', data: { reportId } });
    const uploaded = await upload([await photo()]);
    expect(uploaded.status).toBe(201);
    const ids = uploaded.body.photos as string[];
    expect(ids).toHaveLength(1);
    const responded = await post('POST', `/api/v1/reports/${reportId}/respond`, { text: 'Đã vá', photos: ids });
    expect(responded.status).toBe(200);

    const inbox = (await (
      await fetch(`${app.url}/api/v1/reports/inbox/${URBAN}`, { headers: { cookie: handler.cookie } })
    ).json()) as HandlingList;
    const item = inbox.items.find((entry) => entry.id === reportId)!;
    expect(item.response?.photos).toEqual([`/api/v1/photos/${ids[0]}`]);
    const staff = await fetch(`${app.url}${item.response!.photos[0]}`, { headers: { cookie: handler.cookie } });
    expect(staff.status).toBe(200);
    expect((await sharp(Buffer.from(await staff.arrayBuffer())).metadata()).exif).toBeUndefined();

    const publicUrl = `${app.url}/media/photos/${ids[0]}.jpg`;
    expect((await fetch(publicUrl)).status).toBe(404);
    await app.postAsModerator({
      domain: 'reports',
      kind: 'report.moderated',
      data: { reportId, publication: 'approved' },
    });
    expect((await fetch(publicUrl)).status).toBe(200);
  });
});
