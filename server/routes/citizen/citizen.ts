/**
 * The citizens' channel (`/api/citizen/…`, contract in `CONTRACT.md`): report from a phone, follow
 * the report, rate the result. Public and anonymous, so everything a citizen may not do is refused
 * here, cheap checks first (honeypot, proof of work, limits, duplicate) before any photo is decoded,
 * and every refusal names the field in Vietnamese and English with nothing stored. Reports enter
 * through `app.ingest` like every other change, as `report.created` of the `citizen` source.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { errorBody } from '../../http/error-handler';
import { errors, PUBLIC } from '../../http/route-docs';
import { InputError } from '../../ingest/ingest-error';
import { isPublicReport, loadCategories, reportsReadModel, type Report } from '../../domains/reports/aggregator';
import { reportFinder } from '../../domains/reports/settled-reports';
import { isOpen } from '../../domains/reports/lifecycle';
import { publicTextOf } from '../../domains/reports/public-text';
import {
  CitizenChallenge,
  CitizenDuplicate,
  CitizenRated,
  CitizenRating,
  CitizenReceipt,
  CitizenReportView,
  CitizenServices,
  CitizenSubmissionFields,
} from '../../protocol/citizen';
import { citizenView } from './citizen-view';
import { PgUsedChallenges, ProofOfWork, SqliteUsedChallenges } from './proof-of-work';
import { existingServerSecret, serverSecret, sharedServerSecret } from './server-secret';
import { canonicalCode, codeHash, reportIdFor, trackingCodeFor } from './tracking-code';
import { PgWindowLimit, WindowLimit, type WindowCounter } from './window-limit';

const HOUR = 3_600_000;
const MAX_PHOTOS = 3;
const TEXT_FIELDS = new Set(Object.keys(CitizenSubmissionFields.properties));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]{1,100}@[^\s@]{1,100}\.[^\s@]{2,}$/;
const PHONE = /^\+?[0-9 .()-]{8,20}$/;

const refuse = (field: string, en: string, vi: string, statusCode = 400) =>
  new InputError({ field, en, vi, statusCode });

/** Metres between two points (equirectangular: exact enough at 100 m). */
function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const x = (((b.lon - a.lon) * Math.PI) / 180) * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  const y = ((b.lat - a.lat) * Math.PI) / 180;
  return Math.hypot(x, y) * 6_371_000;
}

interface Submission {
  fields: Map<string, string>;
  photos: Buffer[];
}

const citizenRoutes: FastifyPluginAsync = async (app) => {
  const reports = reportsReadModel(app.runtime)!;
  // Tracking codes outlive the aggregator's memory: a settled report is folded from the store.
  const finder = reportFinder(reports, app.wholeLog);
  const { fixtures } = app.domainContext;
  const categories = loadCategories(app.domainContext);
  const byCode = new Map(categories.map((category) => [category.code, category]));
  const settings = () => app.config.current().app.citizen;
  // One process: the data folder's secret, used challenges and this process's windows. Several
  // (PostgreSQL): one secret, one set of used challenges and one count for all of them.
  const { shared } = app;
  const secret = shared
    ? await sharedServerSecret(shared.pool, 'citizen', app.now(), existingServerSecret(app.db, 'citizen'))
    : serverSecret(app.db, 'citizen', app.now());
  const pow = new ProofOfWork(secret, shared ? new PgUsedChallenges(shared.pool) : new SqliteUsedChallenges(app.db));
  const windowOf = (name: string, windowMs: number): WindowCounter =>
    shared ? new PgWindowLimit(shared.pool, name, windowMs) : new WindowLimit(windowMs);
  const perAddress = windowOf('reports-address', HOUR);
  const perDevice = windowOf('reports-device', HOUR);
  const lookups = windowOf('lookups', 60_000);

  await app.register(multipart, {
    limits: {
      fields: 30,
      fieldSize: 16_000,
      files: MAX_PHOTOS + 1,
      parts: 40,
      fileSize: app.config.current().app.citizen.photoMaxBytes,
    },
  });

  const tooMany = (reply: FastifyReply, seconds: number, field: string, en: string, vi: string) =>
    reply
      .code(429)
      .header('retry-after', String(seconds))
      .send(errorBody(429, `${field}: ${en}`, `${field}: ${vi}`, field));

  app.get(
    '/api/citizen/services',
    {
      schema: {
        summary: 'The report categories a citizen may choose from',
        tags: ['citizen'],
        security: PUBLIC,
        response: { 200: CitizenServices },
      },
    },
    async () => ({ services: categories.map((category) => ({ code: category.code, name: category.name })) }),
  );

  app.get(
    '/api/citizen/challenge',
    {
      schema: {
        summary: 'A proof-of-work challenge for one submission',
        tags: ['citizen'],
        security: PUBLIC,
        response: { 200: CitizenChallenge },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return pow.issue(app.now(), settings().powDifficulty);
    },
  );

  /** Reads the form: text fields, and the photos as buffers (the size bound is enforced while reading). */
  async function readForm(request: FastifyRequest): Promise<Submission> {
    const fields = new Map<string, string>();
    const photos: Buffer[] = [];
    if (!request.isMultipart())
      throw refuse('content-type', 'must be multipart/form-data', 'phải là multipart/form-data', 415);
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const field = `photo[${photos.length}]`;
          if (part.fieldname !== 'photo') {
            await part.toBuffer().catch(() => undefined);
            throw refuse(
              part.fieldname,
              'is not a file field (photos go in `photo`)',
              'không phải trường tệp (ảnh gửi trong `photo`)',
            );
          }
          if (photos.length >= MAX_PHOTOS)
            throw refuse('photo', `at most ${MAX_PHOTOS} photos`, `tối đa ${MAX_PHOTOS} ảnh`);
          try {
            photos.push(await part.toBuffer());
          } catch (error) {
            if (error instanceof app.multipartErrors.RequestFileTooLargeError) {
              const mb = Math.round((settings().photoMaxBytes / 1_048_576) * 10) / 10;
              throw refuse(field, `is larger than ${mb} MB`, `ảnh lớn hơn ${mb.toLocaleString('vi-VN')} MB`, 413);
            }
            throw error;
          }
        } else if (TEXT_FIELDS.has(part.fieldname) && typeof part.value === 'string') {
          if (part.valueTruncated) throw refuse(part.fieldname, 'is too long', 'quá dài');
          fields.set(part.fieldname, part.value);
        }
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      if (error instanceof app.multipartErrors.FilesLimitError)
        throw refuse('photo', `at most ${MAX_PHOTOS} photos`, `tối đa ${MAX_PHOTOS} ảnh`);
      throw refuse('body', 'is not a readable multipart form', 'không đọc được biểu mẫu multipart');
    }
    return { fields, photos };
  }

  const receipt = (clientId: string) => {
    const code = trackingCodeFor(secret, clientId);
    const url = `/phan-anh/${code}`;
    const { publicUrl } = settings();
    return { code, url, ...(publicUrl ? { link: `${publicUrl}${url}` } : {}), reportId: reportIdFor(secret, clientId) };
  };

  /** An open report of the same category close by and recent, if any (not private or sensitive ones). */
  function duplicateOf(category: string, point: { lat: number; lon: number }, now: number): Report | null {
    const { duplicateMeters, duplicateHours } = settings();
    for (const report of reports.all()) {
      if (report.category.code !== category || !isOpen(report.status)) continue;
      if (report.lat === null || report.lon === null) continue;
      if (report.private || report.category.sensitive || report.publication === 'rejected') continue;
      if (report.createdAt < now - duplicateHours * HOUR) continue;
      if (metres({ lat: report.lat, lon: report.lon }, point) <= duplicateMeters) return report;
    }
    return null;
  }

  app.post(
    '/api/citizen/reports',
    {
      schema: {
        summary: 'Report from a phone (multipart/form-data: the fields, then `photo` ×0–3)',
        tags: ['citizen'],
        security: PUBLIC,
        response: { 201: CitizenReceipt, 409: CitizenDuplicate, ...errors(400, 403, 413, 415, 429) },
      },
      config: {
        swaggerTransform: ({ schema, url }) => ({
          url,
          schema: { ...schema, consumes: ['multipart/form-data'], body: CitizenSubmissionFields },
        }),
      },
    },
    async (request, reply) => {
      const now = app.now();
      const { fields, photos } = await readForm(request);
      const field = (name: string) => fields.get(name)?.trim() ?? '';

      const clientId = field('clientId');
      if (!UUID.test(clientId))
        throw refuse('clientId', 'must be a UUID made on the phone', 'phải là một UUID do điện thoại tạo');
      const answer = receipt(clientId);
      // The outbox sending again what was already stored: the same answer, nothing more stored. Found
      // in the store too: the first try may have gone to another process, whose report this
      // process's read model does not hold (yet, or at all on a follower).
      if (await finder.get(answer.reportId)) return reply.code(201).send(answer);

      if (field('website') !== '')
        throw refuse('website', 'must be left empty', 'phải để trống (trường này dành cho máy, không phải người)');
      const proof = await pow.check(field('challenge'), field('nonce'), now);
      if (proof) throw refuse(proof.field, proof.en, proof.vi, 403);

      const category = byCode.get(field('category'));
      if (!category)
        throw refuse(
          'category',
          `must be one of ${[...byCode.keys()].join(', ')}`,
          `phải là một trong: ${[...byCode.keys()].join(', ')}`,
        );
      const description = field('description');
      if (description.length > 4000) throw refuse('description', 'at most 4,000 characters', 'tối đa 4.000 ký tự');
      const address = field('address');
      if (address.length > 300) throw refuse('address', 'at most 300 characters', 'tối đa 300 ký tự');
      const hasLat = fields.has('lat') && field('lat') !== '';
      const hasLon = fields.has('lon') && field('lon') !== '';
      if (hasLat !== hasLon)
        throw refuse(hasLat ? 'lon' : 'lat', 'lat and lon go together', 'lat và lon phải đi cùng nhau');
      if (!hasLat && address === '')
        throw refuse(
          'lat',
          'give the place: a point (lat, lon) or an address',
          'hãy cho biết địa điểm: chọn trên bản đồ hoặc nhập địa chỉ',
        );
      // A point, or only the address the citizen typed: the dispatcher places such a report.
      let point: { lat: number; lon: number } | null = null;
      if (hasLat) {
        const lat = Number(field('lat'));
        const lon = Number(field('lon'));
        if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw refuse('lat', 'must be a latitude', 'phải là vĩ độ');
        if (!Number.isFinite(lon) || lon < -180 || lon > 180)
          throw refuse('lon', 'must be a longitude', 'phải là kinh độ');
        if (!fixtures.wardAt(lon, lat)) {
          const wards = fixtures.wards.map((ward) => ward.fullName).join(', ');
          throw refuse(
            'lat',
            `is outside the wards served (${wards})`,
            `nằm ngoài các phường, xã được phục vụ (${wards})`,
          );
        }
        point = { lat, lon };
      }
      const name = field('name');
      if (name.length > 200) throw refuse('name', 'at most 200 characters', 'tối đa 200 ký tự');
      const contact = field('contact');
      const isEmail = EMAIL.test(contact);
      if (contact !== '' && !isEmail && !PHONE.test(contact))
        throw refuse('contact', 'must be a phone number or an email', 'phải là số điện thoại hoặc email');
      if (contact !== '' && field('consent') !== '1')
        throw refuse(
          'consent',
          'tick the consent line to give a contact (or leave the contact empty)',
          'hãy đánh dấu đồng ý để cơ quan xử lý liên hệ (hoặc bỏ trống thông tin liên hệ)',
        );
      const deviceId = field('deviceId');
      if (deviceId.length > 200) throw refuse('deviceId', 'at most 200 characters', 'tối đa 200 ký tự');

      const { reportsPerHourPerAddress, reportsPerHourPerDevice } = settings();
      const addressWait = await perAddress.retryAfter(request.ip, reportsPerHourPerAddress, now);
      if (addressWait !== null)
        return tooMany(
          reply,
          addressWait,
          'address',
          `at most ${reportsPerHourPerAddress} reports an hour from one address`,
          `tối đa ${reportsPerHourPerAddress} phản ánh mỗi giờ từ một địa chỉ mạng`,
        );
      const deviceWait = deviceId ? await perDevice.retryAfter(deviceId, reportsPerHourPerDevice, now) : null;
      if (deviceWait !== null)
        return tooMany(
          reply,
          deviceWait,
          'deviceId',
          `at most ${reportsPerHourPerDevice} reports an hour from one phone`,
          `tối đa ${reportsPerHourPerDevice} phản ánh mỗi giờ từ một điện thoại`,
        );

      // Without a point nearness cannot be told: an address-only report is never called a duplicate.
      const same = point ? duplicateOf(category.code, point, now) : null;
      if (same) {
        const body: CitizenDuplicate = {
          ...errorBody(
            409,
            'category: this has already been reported nearby — you can follow that report',
            'category: Đã có người phản ánh việc này — bạn có thể theo dõi',
            'category',
          ),
          statusCode: 409,
          field: 'category',
          duplicate: {
            reportId: same.id,
            // Only moderated text: before approval the category stands for the title.
            title: isPublicReport(same) ? publicTextOf(same).text : same.category.name.vi,
            status: same.status,
            url: `/phan-anh/theo-doi/${same.id}`,
          },
        };
        return reply.code(409).send(body);
      }

      // Photos last, the costly part. A photo stored for a submission refused below is never
      // served publicly (only photos held by a public report are), so nothing half-stored shows.
      const photoIds: string[] = [];
      for (const [index, bytes] of photos.entries()) photoIds.push(await app.photos.put(bytes, `photo[${index}]`));

      if (!(await pow.use(field('challenge'), now)))
        throw refuse('challenge', 'was already used: ask for a new one', 'đã được dùng: hãy lấy mã mới', 403);
      const reporter = {
        ...(name ? { name } : {}),
        ...(contact && isEmail ? { email: contact } : {}),
        ...(contact && !isEmail ? { phone: contact } : {}),
        ...(deviceId ? { deviceId } : {}),
        trackingCodeHash: codeHash(secret, answer.code),
      };
      const title = description === '' ? `${category.name.vi}` : description.replace(/\s+/g, ' ').slice(0, 120);
      await app.ingest.ingest(
        [
          {
            domain: 'reports',
            kind: 'report.created',
            id: `citizen-${answer.reportId}`,
            data: {
              reportId: answer.reportId,
              category: category.code,
              title: title.length === 120 ? `${title.slice(0, 119)}…` : title,
              description,
              ...(point ?? {}),
              ...(address ? { address } : {}),
              ...(photoIds.length > 0 ? { photos: photoIds } : {}),
              reporter,
            },
          },
        ],
        { source: 'citizen' },
      );
      // The report is stored: a count that cannot be written now must not turn that into an error
      // (the phone would send it again and get the same answer, but nothing is gained by the 500).
      try {
        await perAddress.hit(request.ip, now);
        if (deviceId) await perDevice.hit(deviceId, now);
      } catch (error) {
        request.log.warn({ err: error }, 'citizen report stored but not counted in its limits');
      }
      return reply.code(201).send(answer);
    },
  );

  /** The report behind a reference: a tracking code (the owner) or a public id (a follower). */
  async function resolve(ref: string): Promise<{ report: Report; owner: boolean } | null> {
    const code = canonicalCode(ref);
    if (code) {
      const report = await finder.byTrackingCodeHash(codeHash(secret, code));
      return report ? { report, owner: true } : null;
    }
    const report = await finder.get(ref);
    return report && isPublicReport(report) ? { report, owner: false } : null;
  }

  const Ref = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 100 }) });
  const notFound = (field: string) =>
    errorBody(
      404,
      `${field}: no such report (or not public)`,
      `${field}: không tìm thấy phản ánh (hoặc chưa công khai)`,
      field,
    );

  app.get<{ Params: { ref: string } }>(
    '/api/citizen/reports/:ref',
    {
      schema: {
        summary: 'Follow a report: by its tracking code (the citizen) or its public id (anyone, once public)',
        tags: ['citizen'],
        security: PUBLIC,
        params: Ref,
        response: { 200: CitizenReportView, ...errors(404, 429) },
      },
    },
    async (request, reply) => {
      const now = app.now();
      const wait = await lookups.retryAfter(request.ip, settings().lookupsPerMinute, now);
      if (wait !== null)
        return tooMany(reply, wait, 'ref', 'too many look-ups from this address', 'địa chỉ này tra cứu quá nhiều lần');
      await lookups.hit(request.ip, now);
      const found = await resolve(request.params.ref);
      reply.header('cache-control', 'no-store');
      if (!found) return reply.code(404).send(notFound('ref'));
      const ward = fixtures.wardByCode.get(found.report.ward);
      return citizenView(found.report, ward?.fullName ?? null, found.owner);
    },
  );

  app.post<{ Params: { code: string }; Body: CitizenRating }>(
    '/api/citizen/reports/:code/rating',
    {
      schema: {
        summary: 'Rate the result (1–5) with the tracking code; a low rating may reopen the report',
        tags: ['citizen'],
        security: PUBLIC,
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }),
        body: CitizenRating,
        response: { 200: CitizenRated, ...errors(400, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const now = app.now();
      const wait = await lookups.retryAfter(request.ip, settings().lookupsPerMinute, now);
      if (wait !== null)
        return tooMany(reply, wait, 'code', 'too many tries from this address', 'địa chỉ này thử quá nhiều lần');
      await lookups.hit(request.ip, now);
      const code = canonicalCode(request.params.code);
      const report = code ? await finder.byTrackingCodeHash(codeHash(secret, code)) : undefined;
      if (!code || !report) return reply.code(404).send(notFound('code'));
      const alreadyRated = () =>
        reply
          .code(409)
          .send(errorBody(409, 'code: this report was already rated', 'code: phản ánh này đã được đánh giá', 'code'));
      if (report.rating !== null) return alreadyRated();
      if (report.status !== 'resolved')
        return reply
          .code(409)
          .send(
            errorBody(
              409,
              'code: the report can be rated once the department has answered',
              'code: chỉ đánh giá được khi đơn vị đã trả lời kết quả',
              'code',
            ),
          );
      const { score, comment, reopen } = request.body;
      const reopening = reopen === true && score <= 2;
      // One ingest call, one act: the rating and the reopening are stored together or not at all.
      // A report is rated once, so the act's keys are the report's: a second rating sent at the
      // same moment (a double tap, or through another server process) stores nothing (`once`).
      const { accepted } = await app.ingest.ingest(
        [
          {
            domain: 'reports',
            kind: 'report.rated',
            id: `citizen-rating:${report.id}`,
            data: { reportId: report.id, satisfied: score >= 4, score, ...(comment ? { comment } : {}) },
          },
          ...(reopening
            ? [
                {
                  domain: 'reports',
                  kind: 'report.status',
                  id: `citizen-rating:${report.id}:reopen`,
                  data: {
                    reportId: report.id,
                    status: 'in_progress',
                    note: 'Người dân đánh giá chưa đạt và đề nghị xử lý lại / reopened by the citizen’s rating',
                  },
                },
              ]
            : []),
        ],
        { source: 'citizen', once: true },
      );
      if (accepted === 0) return alreadyRated();
      return { ok: true, reopened: reopening };
    },
  );
};

export default citizenRoutes;
