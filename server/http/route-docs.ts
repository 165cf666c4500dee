/**
 * What every route says about itself in `/api/v1/openapi.json`: its tag, who may call it (the
 * security schemes) and its error answers. Routes spread these into their `schema`.
 */
import Type from 'typebox';
import type {} from '@fastify/swagger';
import { ERROR_BODY_ID, type ErrorBody } from '../protocol/rest';
import { SESSION_COOKIE } from '../access/identity';
import type { Permission } from '../access/roles';
import { CSRF_HEADER } from './auth-plugin';

export const TAGS = [
  { name: 'ingest', description: 'Feeds post events here: one event or a batch, all or nothing' },
  { name: 'topics', description: 'The live state the wall shows (also on the socket: `topic:subscribe`)' },
  { name: 'screens', description: 'Screens, their setup, pairing and control' },
  { name: 'dashboards', description: 'Dashboards and playlists' },
  { name: 'auth', description: 'Signing in and out' },
  { name: 'admin', description: 'Feed keys, accounts, screen tokens, the audit log' },
  { name: 'reports', description: 'Citizen reports: detail and moderation' },
  {
    name: 'entry',
    description: 'Data entry by wards and departments: periodic reports (form, Excel, CSV), approval, corrections',
  },
  {
    name: 'citizen',
    description: "The citizens' channel for the phone app `/phan-anh`: report, follow, rate (public, anonymous)",
  },
  { name: 'photos', description: 'The photo store: staff upload and read; the public reads photos of public reports' },
  { name: 'citizens', description: "The city's notices to citizens: `/thong-bao` (HTML) and its Atom feed" },
  { name: 'open311', description: 'Open311 GeoReport v2 for citizen apps (`.json` or `.xml`)' },
  { name: 'training', description: 'Training (tập huấn): sessions, the practice space, exercises and their records' },
  { name: 'system', description: 'Health, version, kiosk settings and this document' },
] as const;

export const SECURITY_SCHEMES = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'A person signed in with `POST /api/v1/auth/login`. Every request that changes something also sends `x-csrf-token`.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description:
      'The `csrfToken` of the sign-in answer, with the session cookie, on every request that changes something',
  },
  feedKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'iock_…',
    description: 'A feed key (`Authorization: Bearer iock_…`), scoped to domains; ask an admin for one',
  },
  feedKeyHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: 'The same feed key as `x-api-key: iock_…`',
  },
  screenToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'iocs_…',
    description: 'A paired screen (`Authorization: Bearer iocs_…` or `x-api-key`; on the socket, `auth.screenToken`)',
  },
} as const;

type Requirement = Record<string, readonly string[]>;

/** Anyone; a signed-in person or a screen may see more. */
export const READ_BY_ANYONE: readonly Requirement[] = [{}, { sessionCookie: [] }, { screenToken: [] }];
/** Anyone, without a difference. */
export const PUBLIC: readonly Requirement[] = [{}];

/** A person whose role has `permission`; with the CSRF header when the request changes something. */
export function personWith(
  permission: Permission | null,
  changes: boolean,
): { security: readonly Requirement[]; description: string } {
  return {
    security: [changes ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] }],
    description: permission
      ? `Needs a signed-in person with the \`${permission}\` permission.`
      : 'Needs a signed-in person.',
  };
}

/** Feeds (a key scoped to the domain) or a person allowed to post events. */
export const FEED: readonly Requirement[] = [
  { feedKey: [] },
  { feedKeyHeader: [] },
  { sessionCookie: [], csrfToken: [] },
];

/** The error body, referenced from `components/schemas` (typed as `ErrorBody` for the handlers). */
export const ErrorBodyRef = Type.Unsafe<ErrorBody>(Type.Ref(ERROR_BODY_ID));

const REASONS: Record<number, string> = {
  400: 'Invalid request: `field` names what is wrong',
  401: 'Not signed in, or no valid key',
  403: 'Not allowed for this caller (or the CSRF header is missing)',
  404: 'Not found',
  409: 'Conflicts with the current state',
  410: 'Expired',
  413: 'Body too large',
  415: 'Not JSON',
  429: 'Too many requests: retry after `Retry-After` seconds',
  503: 'Overloaded or the store cannot write: retry after `Retry-After` seconds',
};

/** Error answers by status code, each with the error body. */
export function errors<C extends number>(...codes: C[]): Record<C, typeof ErrorBodyRef> {
  return Object.fromEntries(
    codes.map((code) => [code, Type.Unsafe<ErrorBody>({ ...Type.Ref(ERROR_BODY_ID), description: REASONS[code] })]),
  ) as Record<C, typeof ErrorBodyRef>;
}
