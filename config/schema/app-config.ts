import Type, { type Static } from 'typebox';
import { LocalizedText, Version } from './common';
import { DisplayCare } from './display-care';

/** The usual topics of a Vietnamese city's notices, when `config/app.yaml` names none. */
const DEFAULT_NOTICE_TOPICS = [
  { id: 'giao-thong', name: { vi: 'Giao thông', en: 'Traffic' } },
  { id: 'moi-truong', name: { vi: 'Môi trường', en: 'Environment' } },
  { id: 'y-te', name: { vi: 'Y tế', en: 'Health' } },
  { id: 'an-ninh-trat-tu', name: { vi: 'An ninh trật tự', en: 'Public order' } },
  { id: 'van-hoa-du-lich', name: { vi: 'Văn hóa – Du lịch', en: 'Culture and tourism' } },
  { id: 'hanh-chinh', name: { vi: 'Hành chính công', en: 'Public services' } },
  { id: 'thoi-tiet-thien-tai', name: { vi: 'Thời tiết – Thiên tai', en: 'Weather and disasters' } },
];

/** `config/app.yaml`: the city and the system-wide settings. */
export const AppConfig = Type.Object(
  {
    version: Version,
    city: Type.Object(
      {
        name: LocalizedText,
        /** IANA zone used for every date on every screen, never the browser's. */
        timeZone: Type.String({ minLength: 1, default: 'Asia/Ho_Chi_Minh' }),
        locale: Type.Union([Type.Literal('vi'), Type.Literal('en')], { default: 'vi' }),
        /** Map view when a dashboard does not set one: [lon, lat] and zoom. */
        center: Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]),
        zoom: Type.Number({ minimum: 0, maximum: 22, default: 12.5 }),
        /** The ward boundary layer below `fixtures/`: a city swaps in its official one here. */
        wardBoundaries: Type.String({ default: 'geodata/langson-wards-2025-schematic.geojson' }),
        wardBoundariesSchematic: Type.Boolean({ default: true }),
      },
      { additionalProperties: false },
    ),
    simulator: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        /** 1 = a plausible normal day; 10 = ten times the volume. */
        rate: Type.Number({ exclusiveMinimum: 0, maximum: 1000, default: 1 }),
        stepMs: Type.Integer({ minimum: 50, maximum: 60_000, default: 1000 }),
        seedDays: Type.Integer({ minimum: 0, maximum: 90, default: 14 }),
      },
      { additionalProperties: false },
    ),
    /** Citizen reports. */
    reports: Type.Object(
      {
        /**
         * Days after its last change that a report no longer open (handled, closed, rejected…)
         * settles: it leaves the reports aggregator's memory (its counts stay; reads fold it from
         * the store) and any later event on it is refused as archived (409 on `reportId`).
         * A change of this value applies from the next start; snapshots keep what was settled.
         */
        settleAfterDays: Type.Number({ minimum: 1, maximum: 3660, default: 30 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Aggregator snapshots: a start and a replay of a past moment load one and apply only the events after it. */
    snapshots: Type.Object(
      {
        /** A snapshot after this many new events… */
        everyEvents: Type.Integer({ minimum: 100, maximum: 100_000_000, default: 50_000 }),
        /** …or after this many minutes with at least one new event. */
        everyMinutes: Type.Number({ minimum: 0.1, maximum: 1440, default: 60 }),
        /** Every snapshot of the last hours is kept; older ones thin out to one per `keepEveryHours`. */
        keepAllHours: Type.Number({ minimum: 1, maximum: 24 * 366, default: 48 }),
        /**
         * Before `keepAllHours`, the first snapshot of each span of these hours is kept: a past
         * moment replays at most this span of events after its snapshot (see bench:replay-year).
         */
        keepEveryHours: Type.Number({ minimum: 1, maximum: 24, default: 3 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /**
     * Retention (SQLite): events accepted before the month `hotMonths` back leave the hot store for
     * one compressed file per month in `archiveDir`, once a snapshot covers them.
     */
    retention: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        /** Whole months kept hot before the current one. */
        hotMonths: Type.Integer({ minimum: 1, maximum: 1200, default: 6 }),
        /** Relative to the data folder (IOC_DATA_DIR), or absolute. */
        archiveDir: Type.String({ minLength: 1, default: 'archive' }),
        /** Events per batch: one batch's delete is the longest ingest waits. */
        batchEvents: Type.Integer({ minimum: 100, maximum: 1_000_000, default: 5000 }),
        /** How often the server looks for events to archive. */
        everyHours: Type.Number({ minimum: 0.01, maximum: 24 * 31, default: 6 }),
      },
      { additionalProperties: false, default: {} },
    ),
    ingest: Type.Object(
      {
        maxBatch: Type.Integer({ minimum: 1, maximum: 100_000, default: 10_000 }),
        bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 256 * 1024 * 1024, default: 16 * 1024 * 1024 }),
        /** Requests per minute per feed key before HTTP 429 (the budget is 5,000 POSTs/s). */
        requestsPerMinute: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 1_200_000 }),
        /** Open311 report submissions per minute per address (citizen apps post by hand). */
        open311PerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 300 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** The citizens' notices (`/thong-bao`): the topics a notice may have, Vietnamese first. */
    notices: Type.Object(
      {
        topics: Type.Array(
          Type.Object(
            {
              id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
              name: LocalizedText,
            },
            { additionalProperties: false },
          ),
          { maxItems: 30, default: DEFAULT_NOTICE_TOPICS },
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    security: Type.Object(
      {
        /** Sign-in attempts per minute per address; accounts also lock after 5 failures. */
        loginAttemptsPerMinute: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
        /** Pairing codes a browser at /pair may ask for per minute per address (one lasts 10 minutes). */
        pairingCodesPerMinute: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
        /**
         * Origins besides the server's own whose pages may open a socket (e.g. the Vite dev
         * server, a portal that embeds a dashboard), like `https://ioc.langson.gov.vn`.
         */
        allowedOrigins: Type.Array(Type.String({ pattern: '^https?://[^/\\s]+$', maxLength: 200 }), {
          maxItems: 50,
          default: [],
        }),
        /**
         * Anonymous reads per minute per address of the public answers (Open311 lists, topic
         * snapshots, dashboard and screen setups) before HTTP 429; signed-in people, screens with a
         * token and feed keys are not counted. Public LED panels behind one address share it.
         */
        anonymousReadsPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** The citizens' channel (`/phan-anh`, `/api/citizen/…`): abuse limits, proof of work, photo bounds. */
    citizen: Type.Object(
      {
        /**
         * The address citizens reach the server at from the internet, without a trailing slash
         * (`https://ioc.langson.gov.vn`): absolute links in answers and messages, and the QR codes on
         * the LED panels point to its `/phan-anh`. Unset, links stay relative and a panel placing a QR
         * code without its own `url` fails the config check.
         */
        publicUrl: Type.Optional(
          Type.String({ pattern: '^https?://[^/\\s?#]+(/[^\\s?#]*[^/\\s?#])?$', maxLength: 200 }),
        ),
        /**
         * The citizens' hotline (đường dây nóng), printed on the wards' leaflets and said in the
         * promotion notice; unset, they leave it out.
         */
        hotline: Type.Optional(Type.String({ pattern: '^[0-9+][0-9 .()-]{2,23}$', maxLength: 24 })),
        /** Leading zero bits of the proof of work; 16 takes a phone about half a second. */
        powDifficulty: Type.Integer({ minimum: 0, maximum: 28, default: 16 }),
        /** Submissions per hour per address and per device before HTTP 429. */
        reportsPerHourPerAddress: Type.Integer({ minimum: 1, maximum: 100_000, default: 5 }),
        reportsPerHourPerDevice: Type.Integer({ minimum: 1, maximum: 100_000, default: 3 }),
        /** Look-ups of a report per minute per address (tracking codes must not be guessed). */
        lookupsPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 30 }),
        /** An open report of the same category this close and this recent is a duplicate. */
        duplicateMeters: Type.Integer({ minimum: 0, maximum: 10_000, default: 100 }),
        duplicateHours: Type.Integer({ minimum: 0, maximum: 720, default: 24 }),
        photoMaxBytes: Type.Integer({ minimum: 10_000, maximum: 50 * 1_048_576, default: 10 * 1_048_576 }),
        photoMinSide: Type.Integer({ minimum: 1, maximum: 2000, default: 64 }),
        photoMaxSide: Type.Integer({ minimum: 256, maximum: 16_000, default: 8000 }),
        photoPublicSide: Type.Integer({ minimum: 128, maximum: 4000, default: 1280 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** The webhook outbox (`/api/v1/admin/webhooks`): where the server may send. */
    webhooks: Type.Object(
      {
        /**
         * Networks (CIDR) on loopback, private or other reserved addresses that a webhook may go
         * to, like the SMS gateway's `10.20.0.0/16`; public addresses need no entry. Any other
         * such address is refused, when the subscription is made and at each delivery, so an
         * admin's URL cannot make the server reach into the city's network (its database, cameras).
         */
        allowedNetworks: Type.Array(Type.String({ pattern: '^[0-9a-fA-F.:]+/[0-9]{1,3}$', maxLength: 50 }), {
          maxItems: 50,
          default: [],
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Unattended screens: kiosk guards, watchdog, reloads, updates, burn-in and night care. */
    display: DisplayCare,
    /** Running the server: who may scrape `/metrics` without a key. */
    operations: Type.Object(
      {
        /**
         * Address ranges (CIDR) that may read `/metrics` without a key, like the Prometheus host's;
         * others need a feed key (`Authorization: Bearer iock_…`) or an operator's session.
         */
        metricsFrom: Type.Array(Type.String({ pattern: '^[0-9a-fA-F.:]+/[0-9]{1,3}$', maxLength: 50 }), {
          maxItems: 50,
          default: ['127.0.0.0/8', '::1/128'],
        }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, $id: 'app-config' },
);
export type AppConfig = Static<typeof AppConfig>;

/** The citizens' page (reports from a phone), where the LED panels' QR codes lead. */
export function citizenPageUrl(app: Pick<AppConfig, 'citizen'>): string | null {
  return app.citizen.publicUrl ? `${app.citizen.publicUrl}/phan-anh` : null;
}
