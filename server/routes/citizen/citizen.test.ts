/**
 * The citizens' channel over real HTTP, on the real app with SQLite in a temporary folder: submit
 * with photos, retries, every abuse control, following by code and by id, privacy of every public
 * answer, public photos against moderation, rating and reopening, and a restart.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';
import { reportsReadModel } from '../../domains/reports/aggregator';
import { solveChallenge } from './proof-of-work';
import { waitUntil } from '../../test-support/wait-until';
import type { CitizenChallenge, CitizenReceipt, CitizenReportView } from '../../protocol/citizen';

const T0 = Date.UTC(2026, 11, 3, 2, 0, 0);
/** Inside Tam Thanh ward; each test moves a little so that reports are not duplicates of each other. */
const PLACE = { lat: 21.855, lon: 106.749 };
const NAME = 'Nguyễn Văn Riêng';
const PHONE = '0912 345 678';
const DEVICE = 'device-secret-7f3a';
const DESCRIPTION = 'Ổ gà lớn trước số nhà 12, gọi tôi 0912 345 678';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose();
});

async function start(
  limits: Partial<ReturnType<typeof testConfig>['app']['citizen']> = {},
  dataDir?: string,
): Promise<{ app: TestApp; clock: { now: number } }> {
  const config = testConfig();
  config.app.citizen = { ...config.app.citizen, powDifficulty: 4, ...limits };
  const clock = { now: T0 };
  const app = await startTestApp({ config, now: () => clock.now, ...(dataDir ? { dataDir } : {}) });
  apps.push(app);
  return { app, clock };
}

/** A phone photo: EXIF with the camera and a GPS position. */
const phonePhoto = () =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 120, b: 60 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '106/1 45/1 0/1' },
    })
    .toBuffer();

async function challenge(app: TestApp): Promise<{ challenge: string; nonce: string }> {
  const response = await fetch(`${app.url}/api/citizen/challenge`);
  const body = (await response.json()) as CitizenChallenge;
  return { challenge: body.challenge, nonce: solveChallenge(body.challenge, body.difficulty) };
}

interface Answer {
  status: number;
  text: string;
  body: Record<string, unknown>;
  headers: Headers;
}

async function submit(
  app: TestApp,
  fields: Record<string, string> = {},
  photos: Buffer[] = [],
  proof?: { challenge: string; nonce: string },
): Promise<Answer> {
  const form = new FormData();
  const all = {
    clientId: randomUUID(),
    category: 'road-damage',
    description: DESCRIPTION,
    lat: String(PLACE.lat),
    lon: String(PLACE.lon),
    name: NAME,
    contact: PHONE,
    consent: '1',
    deviceId: DEVICE,
    website: '',
    ...(proof ?? (await challenge(app))),
    ...fields,
  };
  for (const [key, value] of Object.entries(all)) form.append(key, value);
  for (const photo of photos) form.append('photo', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'p.jpg');
  const response = await fetch(`${app.url}/api/citizen/reports`, { method: 'POST', body: form });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  };
}

const count = (app: TestApp) => [...reportsReadModel(app.ioc.runtime)!.all()].length;
const eventCount = (app: TestApp) =>
  (app.ioc.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'report.created'").get() as { n: number }).n;

async function follow(app: TestApp, ref: string): Promise<{ status: number; text: string; body: CitizenReportView }> {
  const response = await fetch(`${app.url}/api/citizen/reports/${encodeURIComponent(ref)}`);
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as CitizenReportView };
}

const moderate = (app: TestApp, data: Record<string, unknown>, kind = 'report.status') =>
  app.postAsModerator({ domain: 'reports', kind, data });

/** Nothing personal in a public answer (its raw text), and no text of the report before it is approved. */
function expectNothingPersonal(text: string, approved = false) {
  for (const secret of [NAME, PHONE, '0912', DEVICE, 'PhoneMaker']) expect(text).not.toContain(secret);
  if (!approved) expect(text).not.toContain('số nhà 12');
}

describe('POST /api/citizen/reports', () => {
  it('stores a report with photos and answers a tracking code and link', async () => {
    const { app } = await start();
    const photo = await phonePhoto();
    const answer = await submit(app, {}, [photo, photo]);
    expect(answer.status).toBe(201);
    const receipt = answer.body as unknown as CitizenReceipt;
    expect(receipt.code).toMatch(/^LS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(receipt.url).toBe(`/phan-anh/${receipt.code}`);
    expect(receipt.link).toBeUndefined();
    const report = reportsReadModel(app.ioc.runtime)!.get(receipt.reportId)!;
    expect(report.category.code).toBe('road-damage');
    // The same photo twice is one photo of the store, referenced twice.
    expect(report.photos).toHaveLength(2);
    expect(report.photos[0]).toBe(report.photos[1]);
    expect(await app.ioc.app.photos.full(report.photos[0]!)).not.toBeNull();
    // The answer itself carries nothing of the reporter.
    expectNothingPersonal(answer.text);
    // Staff read the contact (audited), never the tracking code's fingerprint.
    const staff = await app.signIn('operator');
    const detail = await (
      await fetch(`${app.url}/api/v1/reports/${receipt.reportId}`, { headers: { cookie: staff.cookie } })
    ).text();
    expect(detail).toContain(PHONE);
    expect(detail).not.toContain('trackingCodeHash');
  });

  it('answers a retry of the same clientId with the same code, storing one report', async () => {
    const { app } = await start({ publicUrl: 'https://ioc.langson.example' });
    const clientId = randomUUID();
    const proof = await challenge(app);
    const first = await submit(app, { clientId }, [], proof);
    // The outbox sends again, with the same (now used) proof of work: still the same answer.
    const again = await submit(app, { clientId }, [], proof);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.body.link).toBe(`https://ioc.langson.example/phan-anh/${first.body.code as string}`);
    expect(count(app)).toBe(1);
    expect(eventCount(app)).toBe(1);
  });

  it('refuses the honeypot, a bad or reused proof of work, naming the field, and stores nothing', async () => {
    const { app } = await start({ powDifficulty: 12 });
    const honeypot = await submit(app, { website: 'http://spam.example' });
    expect([honeypot.status, honeypot.body.field]).toEqual([400, 'website']);
    expect(honeypot.body.messageVi).toMatch(/website: .*trống/);

    const proof = await challenge(app);
    const wrongNonce = solveChallenge(proof.challenge, 0) === proof.nonce ? '99999999' : '0';
    const bad = await submit(app, {}, [], { challenge: proof.challenge, nonce: wrongNonce });
    // (a nonce that happens to solve it is astronomically unlikely at 12 bits with these values)
    expect([bad.status, bad.body.field]).toEqual([403, 'nonce']);
    const forged = await submit(app, {}, [], { challenge: `${proof.challenge.slice(0, -2)}xx`, nonce: proof.nonce });
    expect([forged.status, forged.body.field]).toEqual([403, 'challenge']);

    expect((await submit(app, {}, [], proof)).status).toBe(201);
    const reused = await submit(app, { lat: '21.858' }, [], proof);
    expect([reused.status, reused.body.field]).toEqual([403, 'challenge']);
    expect(reused.body.message).toContain('already used');
    expect(count(app)).toBe(1);
  });

  it('refuses an expired challenge', async () => {
    const { app, clock } = await start();
    const proof = await challenge(app);
    clock.now += 11 * 60_000;
    const expired = await submit(app, {}, [], proof);
    expect([expired.status, expired.body.field]).toEqual([403, 'challenge']);
    expect(count(app)).toBe(0);
  });

  it('refuses bad fields with vi and en messages naming them', async () => {
    const { app } = await start();
    const cases: Array<[Record<string, string>, string]> = [
      [{ clientId: 'not-a-uuid' }, 'clientId'],
      [{ category: 'nope' }, 'category'],
      [{ lon: '' }, 'lon'],
      [{ lat: '', lon: '', address: '' }, 'lat'],
      [{ lat: '10.0', lon: '106.0' }, 'lat'],
      [{ contact: 'not a contact' }, 'contact'],
      [{ consent: '' }, 'consent'],
      [{ description: 'x'.repeat(4001) }, 'description'],
    ];
    for (const [fields, field] of cases) {
      const answer = await submit(app, fields);
      expect([answer.status, answer.body.field], JSON.stringify(fields)).toEqual([400, field]);
      expect(answer.body.messageVi).toEqual(expect.stringContaining(`${field}: `));
    }
    const notPhoto = await submit(app, {}, [Buffer.from('just text, named .jpg')]);
    expect([notPhoto.status, notPhoto.body.field]).toEqual([400, 'photo[0]']);
    const photo = await phonePhoto();
    const four = await submit(app, {}, [photo, photo, photo, photo]);
    expect([four.status, four.body.field]).toEqual([400, 'photo']);
    expect(count(app)).toBe(0);
  });

  it('takes a report with only a typed address: no point, counted as "place not yet known", never a duplicate', async () => {
    const { app } = await start();
    const first = await submit(app, { lat: '', lon: '', address: '12 Lê Lợi, phường Tam Thanh' });
    expect(first.status, first.text).toBe(201);
    const again = await submit(app, { lat: '', lon: '', address: '12 Lê Lợi, phường Tam Thanh', deviceId: 'other' });
    expect(again.status, again.text).toBe(201);
    const owner = await follow(app, first.body.code as string);
    expect(owner.body.place).toMatchObject({ lat: null, lon: null, address: '12 Lê Lợi, phường Tam Thanh' });
    // The summary is recomputed on the hub's next tick.
    const unlocated = () =>
      (app.ioc.hub.snapshot('reports.summary').data as { placeUnknown: { received: number } }).placeUnknown.received;
    await waitUntil(() => unlocated() === 2, 'two reports with no known place in the summary');
  });

  it('limits submissions per device and per address with 429 and Retry-After', async () => {
    const { app, clock } = await start({ reportsPerHourPerDevice: 2, reportsPerHourPerAddress: 3 });
    const at = (i: number) => ({ lat: String(PLACE.lat + i * 0.002) });
    expect((await submit(app, at(0))).status).toBe(201);
    expect((await submit(app, at(1))).status).toBe(201);
    const device = await submit(app, at(2));
    expect([device.status, device.body.field]).toEqual([429, 'deviceId']);
    expect(Number(device.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await submit(app, { ...at(3), deviceId: 'another-phone' })).status).toBe(201);
    const address = await submit(app, { ...at(4), deviceId: 'a-third-phone' });
    expect([address.status, address.body.field]).toEqual([429, 'address']);
    expect(Number(address.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect(count(app)).toBe(3);
    clock.now += 3_600_001;
    expect((await submit(app, at(5))).status).toBe(201);
  });

  it('shows the report already filed nearby instead of a duplicate (409), storing nothing', async () => {
    const { app } = await start();
    const first = await submit(app);
    const near = await submit(app, { lat: String(PLACE.lat + 0.0005), deviceId: 'other' });
    expect(near.status).toBe(409);
    const duplicate = near.body.duplicate as Record<string, string>;
    expect(duplicate).toEqual({
      reportId: first.body.reportId,
      title: 'Hư hỏng đường, vỉa hè',
      status: 'new',
      url: `/phan-anh/theo-doi/${first.body.reportId as string}`,
    });
    expect(near.body.messageVi).toContain('Đã có người phản ánh việc này');
    expectNothingPersonal(near.text);
    expect(count(app)).toBe(1);
    // Another category at the same place is not a duplicate.
    expect((await submit(app, { category: 'waste', deviceId: 'other' })).status).toBe(201);
  });
});

describe('following, photos and rating', () => {
  async function filed() {
    const started = await start();
    const answer = await submit(started.app, {}, [await phonePhoto()]);
    return { ...started, receipt: answer.body as unknown as CitizenReceipt };
  }

  it('follows by code (the owner) at once, by id (anyone) only once public; never anything personal', async () => {
    const { app, receipt } = await filed();
    const owner = await follow(app, receipt.code.toLowerCase().replace(/-/g, ' '));
    expect(owner.status).toBe(200);
    expect(owner.body).toMatchObject({ reportId: receipt.reportId, status: 'new', description: null, photos: [] });
    expect(owner.body.timeline.map((step) => step.text.vi)).toEqual(['Đã tiếp nhận phản ánh']);
    expectNothingPersonal(owner.text);
    expect((await follow(app, receipt.reportId)).status).toBe(404);
    expect((await follow(app, 'LS-0000-0000')).status).toBe(404);

    await moderate(app, { reportId: receipt.reportId, status: 'approved' });
    const follower = await follow(app, receipt.reportId);
    expect(follower.status).toBe(200);
    expect(follower.body.description).toContain('[đã ẩn số điện thoại]');
    expect(follower.body.photos).toHaveLength(1);
    expect(follower.body.canRate).toBe(false);
    expect(follower.body.place.lat).toBe(21.855);
    expectNothingPersonal(follower.text, true);
    expect(follower.body.timeline.map((step) => step.text.vi)).toEqual([
      'Đã tiếp nhận phản ánh',
      'Đã kiểm tra và công khai',
    ]);
  });

  it('serves a citizen photo publicly only once approved, without metadata, and not when hidden', async () => {
    const { app, receipt } = await filed();
    const id = reportsReadModel(app.ioc.runtime)!.get(receipt.reportId)!.photos[0]!;
    const photoUrl = `${app.url}/media/photos/${id}.jpg`;
    expect((await fetch(photoUrl)).status).toBe(404);
    expect((await fetch(`${app.url}/media/photos/${'0'.repeat(64)}.jpg`)).status).toBe(404);
    // Staff read the full copy; the public may not.
    expect((await fetch(`${app.url}/api/v1/photos/${id}`)).status).toBe(401);
    const staff = await app.signIn('operator');
    const full = await fetch(`${app.url}/api/v1/photos/${id}`, { headers: { cookie: staff.cookie } });
    expect(full.status).toBe(200);

    await moderate(app, { reportId: receipt.reportId, status: 'approved' });
    const shown = await fetch(photoUrl);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect(shown.headers.get('cache-control')).toContain('immutable');
    const meta = await sharp(Buffer.from(await shown.arrayBuffer())).metadata();
    expect(meta.exif).toBeUndefined();

    await moderate(app, { reportId: receipt.reportId, hidePhoto: true }, 'report.moderated');
    expect((await fetch(photoUrl)).status).toBe(404);
    expect((await follow(app, receipt.reportId)).body.photos).toEqual([]);
  });

  it('rates once with the code, reopens atomically, and moves the satisfaction rate', async () => {
    const { app, receipt } = await filed();
    const reportId = receipt.reportId;
    await moderate(app, { reportId, status: 'approved' });
    // The department answers with a photo uploaded to the store.
    const handler = await app.signIn('operator');
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(await phonePhoto())]), 'done.jpg');
    const upload = await fetch(`${app.url}/api/v1/photos`, {
      method: 'POST',
      headers: { cookie: handler.cookie, 'x-csrf-token': handler.csrfToken },
      body: form,
    });
    expect(upload.status).toBe(201);
    const { photos } = (await upload.json()) as { photos: string[] };
    for (const [kind, data] of [
      ['report.assigned', { department: 'phong-kinh-te' }],
      ['report.accepted', {}],
      ['report.responded', { text: 'Đã vá ổ gà. Liên hệ 0912 345 678', photos }],
    ] as const)
      expect((await app.post({ domain: 'reports', kind, data: { reportId, ...data } })).status).toBeLessThan(300);

    const before = await follow(app, receipt.code);
    expect(before.body.canRate).toBe(true);
    expect(before.body.response?.text).toContain('Đã vá ổ gà');
    expect(before.body.response?.text).not.toContain('0912');
    expect(before.body.response?.photos).toEqual([`/media/photos/${photos[0]}.jpg`]);
    expect((await fetch(`${app.url}${before.body.response!.photos[0]}`)).status).toBe(200);
    expect((await follow(app, reportId)).body.canRate).toBe(false);

    // The public id is not the code: it cannot rate.
    const rate = (ref: string, body: unknown) =>
      fetch(`${app.url}/api/citizen/reports/${ref}/rating`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await rate(reportId, { score: 5 })).status).toBe(404);
    const rated = await rate(receipt.code, { score: 2, comment: 'Vẫn còn ổ gà bên cạnh', reopen: true });
    expect(rated.status).toBe(200);
    expect(await rated.json()).toEqual({ ok: true, reopened: true });
    const report = reportsReadModel(app.ioc.runtime)!.get(reportId)!;
    expect(report.status).toBe('in_progress');
    expect(report.rating).toEqual({ satisfied: false, score: 2 });
    await expect
      .poll(
        () => (app.ioc.hub.snapshot('reports.summary').data as { satisfactionRate: number | null }).satisfactionRate,
      )
      .toBe(0);
    const again = await rate(receipt.code, { score: 5 });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { messageVi: string }).messageVi).toContain('đã được đánh giá');

    const after = await follow(app, receipt.code);
    expect(after.body.rating?.score).toBe(2);
    expect(after.body.timeline.at(-1)?.text.vi).toBe('Mở lại để xử lý tiếp');
    // The comment is the city's, never public.
    expect(after.text).not.toContain('Vẫn còn ổ gà');
    expect((await follow(app, reportId)).text).not.toContain('Vẫn còn ổ gà');
  });

  it('limits look-ups per address with 429 and Retry-After (codes must not be guessed)', async () => {
    const { app, clock } = await start({ lookupsPerMinute: 2 });
    expect((await follow(app, 'LS-0000-0000')).status).toBe(404);
    expect((await follow(app, 'LS-0000-0001')).status).toBe(404);
    const response = await fetch(`${app.url}/api/citizen/reports/LS-0000-0002`);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.now += 60_001;
    expect((await follow(app, 'LS-0000-0003')).status).toBe(404);
  });

  it('gives nothing personal to Open311 or the public topics either', async () => {
    const { app, receipt } = await filed();
    await moderate(app, { reportId: receipt.reportId, status: 'approved' });
    const open311 = await (await fetch(`${app.url}/open311/v2/requests.json?extensions=true`)).text();
    expect(open311).toContain(receipt.reportId);
    expectNothingPersonal(open311, true);
    expect(open311).not.toContain(receipt.code);
    await expect
      .poll(async () => (await fetch(`${app.url}/api/v1/topics/reports.public-recent`)).text())
      .toContain(receipt.reportId);
    const topic = await (await fetch(`${app.url}/api/v1/topics/reports.public-recent`)).text();
    expectNothingPersonal(topic, true);
    expect(topic).not.toContain(receipt.code);
  });

  it('keeps the tracking code working after a restart on the same data folder', async () => {
    const { app, receipt } = await filed();
    const { dataDir } = app;
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    const { app: restarted } = await start({}, dataDir);
    const owner = await follow(restarted, receipt.code);
    expect(owner.status).toBe(200);
    expect(owner.body.reportId).toBe(receipt.reportId);
  });
});
