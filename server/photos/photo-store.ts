/**
 * The city's photo store: citizens' photos and departments' response photos, beside the database
 * (`<data folder>/photos/ab/<id>.jpg`), or in PostgreSQL when several server processes share one
 * system (`pg-photos.ts`: uploaded through one, served by all). What comes in is never kept or served as such: it is
 * checked by its content (never the declared type), decoded with bounds, turned upright and
 * re-encoded without any metadata (EXIF GPS, device, XMP, ICC), as a full-size copy for staff and
 * a public-size copy. Both are written whole (tmp + rename; one row), so a crash leaves no half photo.
 *
 * A photo is named by the SHA-256 of the bytes received: the same upload sent again (a phone's
 * retry) lands on the same files and is not processed twice.
 *
 * A stored photo nobody references is harmless: photos are served publicly only through a report
 * that holds them (see `publicPhoto` in the routes), so a submission refused after its photos were
 * stored leaves files nobody can fetch.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { InputError } from '../ingest/ingest-error';

export interface PhotoLimits {
  /** Bytes of one upload. */
  maxBytes: number;
  /** The shorter side at least this many pixels (smaller is no photo of a street). */
  minSide: number;
  /** Either side at most this many pixels (and width × height at most its square: decompression bombs). */
  maxSide: number;
  /** The longer side of the public copy. */
  publicSide: number;
}

type Format = 'jpeg' | 'png' | 'webp';

const PHOTO_ID = /^[a-f0-9]{64}$/;

const isPhotoId = (value: string): boolean => PHOTO_ID.test(value);

/** The format by its first bytes; the name and the declared type prove nothing. */
function sniff(bytes: Buffer): Format | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'webp';
  return null;
}

export type PhotoCopy = 'full' | 'public';

/** Where the cleaned copies are kept, by photo id (a SHA-256, checked before it gets here). */
export interface PhotoBytes {
  /** Whether both copies of `id` are stored. */
  has(id: string): Promise<boolean>;
  read(id: string, copy: PhotoCopy): Promise<Buffer | null>;
  /** Both copies at once: either both are stored or neither. */
  write(id: string, copies: Record<PhotoCopy, Buffer>): Promise<void>;
}

export class PhotoStore {
  /** The folder of the photos, or null when they are elsewhere (PostgreSQL). */
  readonly dir: string | null;
  readonly #bytes: PhotoBytes;
  readonly #limits: () => PhotoLimits;

  /** A folder, or another store; `limits` is asked at each upload, so a reloaded config applies at once. */
  constructor(where: string | PhotoBytes, limits: PhotoLimits | (() => PhotoLimits)) {
    this.dir = typeof where === 'string' ? where : null;
    this.#bytes = typeof where === 'string' ? new FolderPhotos(where) : where;
    this.#limits = typeof limits === 'function' ? limits : () => limits;
  }

  /** The stripped full-size copy (staff only), or null. */
  full(id: string): Promise<Buffer | null> {
    return isPhotoId(id) ? this.#bytes.read(id, 'full') : Promise.resolve(null);
  }

  /** The public-size copy, or null. Whether the public may see it is the caller's decision. */
  publicCopy(id: string): Promise<Buffer | null> {
    return isPhotoId(id) ? this.#bytes.read(id, 'public') : Promise.resolve(null);
  }

  /**
   * Checks, cleans and stores one upload; returns its id. Throws an `InputError` naming `field`
   * (400, or 413 when too large) in Vietnamese and English.
   */
  async put(bytes: Buffer, field: string): Promise<string> {
    const { maxBytes, minSide, maxSide, publicSide } = this.#limits();
    const refuse = (en: string, vi: string, statusCode = 400) => new InputError({ field, en, vi, statusCode });
    if (bytes.length > maxBytes) {
      const mb = Math.round((maxBytes / 1_048_576) * 10) / 10;
      throw refuse(`is larger than ${mb} MB`, `ảnh lớn hơn ${mb.toLocaleString('vi-VN')} MB`, 413);
    }
    const format = sniff(bytes);
    if (!format) throw refuse('must be a JPEG, PNG or WebP photo', 'phải là ảnh JPEG, PNG hoặc WebP');
    const id = createHash('sha256').update(bytes).digest('hex');
    if (await this.#bytes.has(id)) return id;

    const unreadable = refuse('cannot be read as a photo (damaged file?)', 'không đọc được ảnh (tệp bị hỏng?)');
    // Bounded decode: a small file that claims 100,000 × 100,000 pixels is refused before decoding.
    const open = () => sharp(bytes, { limitInputPixels: maxSide * maxSide, failOn: 'error' });
    let meta: Metadata;
    try {
      // The header only (no pixels decoded), so the dimensions can be named in the refusal.
      meta = await sharp(bytes).metadata();
    } catch {
      throw unreadable;
    }
    if (meta.format !== format) throw unreadable;
    const { width = 0, height = 0 } = meta;
    if (width > maxSide || height > maxSide)
      throw refuse(
        `is ${width} × ${height} px: at most ${maxSide} px a side`,
        `ảnh ${width} × ${height} px: tối đa ${maxSide} px mỗi cạnh`,
      );
    if (Math.min(width, height) < minSide)
      throw refuse(
        `is ${width} × ${height} px: at least ${minSide} px a side`,
        `ảnh ${width} × ${height} px: tối thiểu ${minSide} px mỗi cạnh`,
      );

    let full: Buffer;
    let small: Buffer;
    try {
      // sharp writes no metadata unless asked (no withMetadata/keepExif): EXIF, XMP and ICC are
      // dropped, and the pixels are converted to sRGB. `rotate()` applies the EXIF orientation first.
      full = await open().rotate().jpeg({ quality: 88, mozjpeg: true }).toBuffer();
      small = await open()
        .rotate()
        .resize(publicSide, publicSide, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 80, mozjpeg: true })
        .toBuffer();
    } catch {
      throw unreadable;
    }
    await this.#bytes.write(id, { full, public: small });
    return id;
  }
}

/** The data folder's `photos/ab/<id>.jpg` and `<id>.public.jpg`. */
class FolderPhotos implements PhotoBytes {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async has(id: string): Promise<boolean> {
    return existsSync(this.#file(id, 'full')) && existsSync(this.#file(id, 'public'));
  }

  async read(id: string, copy: PhotoCopy): Promise<Buffer | null> {
    try {
      return readFileSync(this.#file(id, copy));
    } catch {
      return null;
    }
  }

  async write(id: string, copies: Record<PhotoCopy, Buffer>): Promise<void> {
    // The full copy first: `has` asks for both, so a crash between them makes the next upload write again.
    this.#write(id, 'full', copies.full);
    this.#write(id, 'public', copies.public);
  }

  #file(id: string, copy: PhotoCopy): string {
    return path.join(this.#dir, id.slice(0, 2), copy === 'full' ? `${id}.jpg` : `${id}.public.jpg`);
  }

  #write(id: string, copy: PhotoCopy, bytes: Buffer): void {
    const file = this.#file(id, copy);
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
  }
}
