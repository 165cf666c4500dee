import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../ingest/ingest-error';
import { PhotoStore } from './photo-store';

const LIMITS = { maxBytes: 2_000_000, minSide: 64, maxSide: 8000, publicSide: 1280 };
const dirs: string[] = [];
function store(limits = LIMITS): PhotoStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-photos-'));
  dirs.push(dir);
  return new PhotoStore(path.join(dir, 'photos'), limits);
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A 300 × 200 JPEG taken "sideways" (orientation 6), with a camera and a GPS position in its EXIF. */
function phoneJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '106/1 45/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

async function refusal(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('photo store', () => {
  it('keeps no metadata and applies the orientation, in both copies', async () => {
    const input = await phoneJpeg();
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(input.includes(Buffer.from('PhoneMaker'))).toBe(true);
    const photos = store();
    const id = await photos.put(input, 'photo[0]');
    expect(id).toMatch(/^[a-f0-9]{64}$/);
    for (const copy of [(await photos.full(id))!, (await photos.publicCopy(id))!]) {
      const meta = await sharp(copy).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      // Turned upright: the sideways 300 × 200 is now 200 wide and 300 high.
      expect([meta.width, meta.height]).toEqual([200, 300]);
      expect(copy.includes(Buffer.from('PhoneMaker'))).toBe(false);
    }
  });

  it('makes the public copy at most the public size', async () => {
    const big = await sharp({ create: { width: 3000, height: 1500, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const photos = store();
    const id = await photos.put(big, 'photo[0]');
    const meta = await sharp((await photos.publicCopy(id))!).metadata();
    expect([meta.width, meta.height]).toEqual([1280, 640]);
    expect((await sharp((await photos.full(id))!).metadata()).width).toBe(3000);
  });

  it('refuses a text file named .jpg, naming the field', async () => {
    const error = await refusal(store().put(Buffer.from('hello, this is not a photo'), 'photo[1]'));
    expect(error.statusCode).toBe(400);
    expect(error.field).toBe('photo[1]');
    expect(error.message).toContain('JPEG, PNG or WebP');
    expect(error.messageVi).toContain('JPEG, PNG hoặc WebP');
  });

  it('refuses a JPEG header followed by garbage', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 0x5a)]);
    const error = await refusal(store().put(bytes, 'photo[0]'));
    expect(error.statusCode).toBe(400);
    expect(error.field).toBe('photo[0]');
  });

  it('refuses a 9000 × 9000 PNG by its dimensions', async () => {
    const huge = await sharp({ create: { width: 9000, height: 9000, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const error = await refusal(store({ ...LIMITS, maxBytes: 50_000_000 }).put(huge, 'photo[2]'));
    expect(error.statusCode).toBe(400);
    expect(error.field).toBe('photo[2]');
    expect(error.message).toContain('at most 8000 px');
  });

  it('refuses a photo too small to show anything', async () => {
    const tiny = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    const error = await refusal(store().put(tiny, 'photo[0]'));
    expect(error.message).toContain('at least 64 px');
  });

  it('refuses a file over the size limit with 413', async () => {
    const error = await refusal(store({ ...LIMITS, maxBytes: 1000 }).put(await phoneJpeg(), 'photo[0]'));
    expect(error.statusCode).toBe(413);
    expect(error.field).toBe('photo[0]');
  });

  it('stores the same photo once', async () => {
    const input = await phoneJpeg();
    const photos = store();
    const first = await photos.put(input, 'photo[0]');
    const second = await photos.put(Buffer.from(input), 'photo[0]');
    expect(second).toBe(first);
    const folder = path.join(photos.dir!, first.slice(0, 2));
    expect(readdirSync(folder).sort()).toEqual([`${first}.jpg`, `${first}.public.jpg`]);
  });
});
