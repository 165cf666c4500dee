/**
 * Who may do what for which unit, the whole table: each base role and each scope role, against
 * their own unit, another unit and a department, for each action — allowed, or a 403 that names
 * the unit in Vietnamese and English. Real sessions of a real AccessStore, through the real auth
 * plugin and `requireScope` on a Fastify instance.
 */
import fp from 'fastify-plugin';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { AccessStore } from './access-store';
import authPlugin from '../http/auth-plugin';
import { installErrorHandler } from '../http/error-handler';
import scopesPlugin from './scopes-plugin';
import { canActFor, requireScope } from './scopes';
import { resolveIdentity, SESSION_COOKIE } from './identity';
import { SCOPE_ACTIONS, type ScopeAction, type UserScope } from './scope-roles';
import type { Role } from './roles';
import { unitDirectory } from './unit-directory';
import { UNITS_FOR_SCOPES } from '../test-support/units-for-scopes';
import { InputError } from '../ingest/ingest-error';

/** The columns of the table: units relative to the scopes below (all of them on 05986 or phong-kinh-te). */
const UNITS = {
  'own ward': { unit: '05986', vi: 'Phường Tam Thanh', en: 'Tam Thanh Ward' },
  'other ward': { unit: '05983', vi: 'Phường Lương Văn Tri', en: 'Luong Van Tri Ward' },
  'own department': { unit: 'phong-kinh-te', vi: 'Phòng Kinh tế', en: 'Economic Department' },
  'other department': {
    unit: 'phong-van-hoa-xa-hoi',
    vi: 'Phòng Văn hóa - Xã hội',
    en: 'Culture and Social Affairs Department',
  },
} as const;
type Column = keyof typeof UNITS;
const EVERY: Column[] = ['own ward', 'other ward', 'own department', 'other department'];
const NONE: Column[] = [];

interface Subject {
  role: Role;
  scopes: UserScope[];
  /** For each action, the columns where it is allowed; everywhere else a 403 naming the unit. */
  allowed: Record<ScopeAction, Column[]>;
}

const nothing = { 'figures.enter': NONE, 'figures.approve': NONE, 'reports.handle': NONE, 'reports.field-note': NONE };

/** Written out by hand, cell by cell: the rules of issue 12 ("Who may do what"). */
const TABLE: Record<string, Subject> = {
  admin: {
    role: 'admin',
    scopes: [],
    allowed: { 'figures.enter': EVERY, 'figures.approve': EVERY, 'reports.handle': EVERY, 'reports.field-note': EVERY },
  },
  operator: {
    role: 'operator',
    scopes: [],
    allowed: { ...nothing, 'reports.handle': EVERY, 'reports.field-note': EVERY },
  },
  leader: { role: 'leader', scopes: [], allowed: nothing },
  entry: { role: 'entry', scopes: [], allowed: nothing },
  viewer: { role: 'viewer', scopes: [], allowed: nothing },
  'entry scope on a ward': {
    role: 'entry',
    scopes: [{ role: 'entry', unit: '05986' }],
    allowed: { ...nothing, 'figures.enter': ['own ward'], 'reports.field-note': ['own ward'] },
  },
  'entry scope on a department': {
    role: 'entry',
    scopes: [{ role: 'entry', unit: 'phong-kinh-te' }],
    allowed: { ...nothing, 'figures.enter': ['own department'] },
  },
  'approver scope on a ward': {
    role: 'leader',
    scopes: [{ role: 'approver', unit: '05986' }],
    allowed: { ...nothing, 'figures.approve': ['own ward'] },
  },
  'approver scope on a department': {
    role: 'leader',
    scopes: [{ role: 'approver', unit: 'phong-kinh-te' }],
    allowed: { ...nothing, 'figures.approve': ['own department'] },
  },
  'handler scope on a department': {
    role: 'entry',
    scopes: [{ role: 'handler', unit: 'phong-kinh-te' }],
    allowed: { ...nothing, 'reports.handle': ['own department'] },
  },
  // The routes refuse to give it (scope-input); stored anyway, it gives nothing: handlers work departments.
  'handler scope on a ward': { role: 'entry', scopes: [{ role: 'handler', unit: '05986' }], allowed: nothing },
  'operator with an approver scope': {
    role: 'operator',
    scopes: [{ role: 'approver', unit: '05986' }],
    allowed: { ...nothing, 'figures.approve': ['own ward'], 'reports.handle': EVERY, 'reports.field-note': EVERY },
  },
  'viewer with entry and approver scopes on a ward': {
    role: 'viewer',
    scopes: [
      { role: 'entry', unit: '05986' },
      { role: 'approver', unit: '05986' },
    ],
    allowed: {
      ...nothing,
      'figures.enter': ['own ward'],
      'figures.approve': ['own ward'],
      'reports.field-note': ['own ward'],
    },
  },
};

let app: FastifyInstance;
let security: AccessStore;
const cookies = new Map<string, string>();

beforeAll(async () => {
  security = new AccessStore(openDatabase(':memory:'));
  app = Fastify();
  installErrorHandler(app);
  // The access service as the app has it: the auth plugin reads `app.access`.
  app.decorate('access', security);
  await app.register(fp(async () => {}, { name: 'access' }));
  await app.register(authPlugin);
  await app.register(scopesPlugin, { directory: () => unitDirectory(UNITS_FOR_SCOPES), today: () => '2026-12-03' });
  for (const action of SCOPE_ACTIONS) {
    app.post(
      `/units/:unit/${action}`,
      { preHandler: requireScope(action, (request) => (request.params as { unit: string }).unit) },
      async () => ({ ok: true }),
    );
  }
  // A unit looked up from what the request names (a report's ward): unknown → 404, not 500.
  const wardOfReport: Record<string, string> = { 'pa-1': '05986' };
  app.post(
    '/reports/:id/notes',
    {
      preHandler: requireScope('reports.field-note', (request) => {
        const ward = wardOfReport[(request.params as { id: string }).id];
        if (!ward)
          throw new InputError({ field: 'id', en: 'no such report', vi: 'không có phản ánh này', statusCode: 404 });
        return ward;
      }),
    },
    async () => ({ ok: true }),
  );
  await app.ready();
  let n = 0;
  for (const [name, subject] of Object.entries(TABLE)) {
    const password = `mật khẩu phạm vi ${++n}`;
    const { user } = await security.createUser(
      { username: `scope-${n}`, role: subject.role, password },
      { actor: 'test' },
    );
    for (const scope of subject.scopes) security.addScope(user.id, scope, { actor: 'test' });
    const login = await security.login(`scope-${n}`, password, null);
    if (!login.ok) throw new Error(`sign-in of ${name} failed`);
    cookies.set(name, `${SESSION_COOKIE}=${login.token}`);
  }
});
afterAll(async () => {
  await app.close();
});

const act = (action: ScopeAction, unit: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/units/${unit}/${action}`, headers });

describe('who may act for which unit', () => {
  it.each(Object.keys(TABLE))('%s: exactly the cells of the table', async (name) => {
    const subject = TABLE[name]!;
    const headers = { cookie: cookies.get(name)! };
    const identity = resolveIdentity(security, headers);
    for (const action of SCOPE_ACTIONS) {
      for (const column of EVERY) {
        const { unit, vi, en } = UNITS[column];
        const cell = `${name} × ${action} × ${column}`;
        const allowed = subject.allowed[action].includes(column);
        expect(canActFor(identity, action, unit), cell).toBe(allowed);
        const response = await act(action, unit, headers);
        if (allowed) {
          expect(response.statusCode, cell).toBe(200);
          continue;
        }
        expect(response.statusCode, cell).toBe(403);
        const body = response.json<{
          error: string;
          field: string;
          unit: string;
          message: string;
          messageVi: string;
        }>();
        expect(body, cell).toMatchObject({ statusCode: 403, error: 'forbidden', field: 'unit', unit });
        expect(body.messageVi, cell).toMatch(new RegExp(`^Bạn không có quyền .+ ${vi}$`));
        expect(body.message, cell).toMatch(new RegExp(`^You may not .+ ${en}$`));
      }
    }
  });

  it('says what was refused, for which unit, in both languages', async () => {
    const headers = { cookie: cookies.get('entry scope on a department')! };
    const sentences = await Promise.all(
      SCOPE_ACTIONS.map(async (action) =>
        (await act(action, '05986', headers)).json<{ message: string; messageVi: string }>(),
      ),
    );
    expect(sentences.map(({ messageVi, message }) => `${messageVi} / ${message}`)).toEqual([
      'Bạn không có quyền nhập số liệu cho Phường Tam Thanh / You may not enter figures for Tam Thanh Ward',
      'Bạn không có quyền duyệt số liệu của Phường Tam Thanh / You may not approve figures for Tam Thanh Ward',
      'Bạn không có quyền xử lý phản ánh của Phường Tam Thanh / You may not handle reports for Tam Thanh Ward',
      'Bạn không có quyền ghi chú hiện trường cho phản ánh tại Phường Tam Thanh / You may not add field notes to reports in Tam Thanh Ward',
    ]);
  });

  it('names a unit the config does not know by its id, and a reused code by its current name', async () => {
    const headers = { cookie: cookies.get('entry scope on a ward')! };
    expect((await act('figures.enter', '99999', headers)).json()).toMatchObject({
      unit: '99999',
      messageVi: 'Bạn không có quyền nhập số liệu cho 99999',
      message: 'You may not enter figures for 99999',
    });
    expect((await act('figures.enter', '05977', headers)).json()).toMatchObject({
      messageVi: 'Bạn không có quyền nhập số liệu cho Phường Đông Kinh',
    });
  });

  it('refuses nobody with 401, a feed key and a screen with 403 naming the unit, and a one-time password before anything', async () => {
    expect((await act('figures.enter', '05986')).statusCode).toBe(401);

    const { key } = await security.createApiKey('feed', ['kpi'], { actor: 'test' });
    const byKey = await act('figures.enter', '05986', { authorization: `Bearer ${key}` });
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json()).toMatchObject({ field: 'unit', unit: '05986' });

    const { token } = await security.createScreenToken('ops', { actor: 'test' });
    expect((await act('figures.enter', '05986', { authorization: `Bearer ${token}` })).json()).toMatchObject({
      statusCode: 403,
      field: 'unit',
    });

    // An account with a one-time password: its scope counts only once the password is changed.
    const { user, password } = await security.createUser({ username: 'scope-first', role: 'admin' }, { actor: 'test' });
    security.addScope(user.id, { role: 'entry', unit: '05986' }, { actor: 'test' });
    const login = await security.login('scope-first', password, null);
    if (!login.ok) throw new Error('sign-in failed');
    const headers = { cookie: `${SESSION_COOKIE}=${login.token}` };
    expect(canActFor(resolveIdentity(security, headers), 'figures.enter', '05986')).toBe(false);
    const first = await act('figures.enter', '05986', headers);
    expect(first.statusCode).toBe(403);
    expect(first.json()).toMatchObject({ field: 'password' });
  });

  it('guards a unit looked up from the request, and answers 404 when there is nothing to look up', async () => {
    const ward = { cookie: cookies.get('entry scope on a ward')! };
    const department = { cookie: cookies.get('entry scope on a department')! };
    expect((await app.inject({ method: 'POST', url: '/reports/pa-1/notes', headers: ward })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'POST', url: '/reports/pa-1/notes', headers: department })).json(),
    ).toMatchObject({
      statusCode: 403,
      unit: '05986',
      messageVi: 'Bạn không có quyền ghi chú hiện trường cho phản ánh tại Phường Tam Thanh',
    });
    expect((await app.inject({ method: 'POST', url: '/reports/pa-9/notes', headers: ward })).json()).toMatchObject({
      statusCode: 404,
      field: 'id',
    });
  });

  it('sees a scope taken away at the next request', async () => {
    const { user } = await security.createUser(
      { username: 'scope-live', role: 'entry', password: 'mật khẩu phạm vi sống' },
      { actor: 'test' },
    );
    security.addScope(user.id, { role: 'entry', unit: '06187' }, { actor: 'test' });
    const login = await security.login('scope-live', 'mật khẩu phạm vi sống', null);
    if (!login.ok) throw new Error('sign-in failed');
    const headers = { cookie: `${SESSION_COOKIE}=${login.token}` };
    expect((await act('figures.enter', '06187', headers)).statusCode).toBe(200);
    security.removeScope(user.id, { role: 'entry', unit: '06187' }, { actor: 'test' });
    expect((await act('figures.enter', '06187', headers)).json()).toMatchObject({
      statusCode: 403,
      messageVi: 'Bạn không có quyền nhập số liệu cho Phường Kỳ Lừa',
    });
  });
});
