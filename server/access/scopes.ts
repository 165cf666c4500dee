/**
 * Who may act for which unit: `canActFor` answers it for an identity, `requireScope` guards a
 * route with it. A person keeps the base role of the account (`roles.ts`); the scopes of the
 * account (`user_scopes`) add, per unit:
 *
 * - entry    → figures.enter for the unit; on an administrative unit (a ward or commune) also
 *              reports.field-note for the reports in it;
 * - approver → figures.approve for the unit;
 * - handler  → reports.handle for the unit, which is a department.
 *
 * Base roles: admin may do all of it for every unit; operator may do reports.* for every unit
 * (dispatch and moderation are theirs); leader, entry and viewer only what their scopes give.
 * An account whose one-time password is not changed yet may do nothing.
 */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Identity } from './identity';
import { mustChangePassword } from './identity';
import { isAdminUnitCode, scopeKey, type ScopeAction, type ScopeRole, type UserScope } from './scope-roles';
import { unitLabel, type UnitDirectory, type UnitLabel } from './unit-directory';
import { refuseAnonymous, refusePasswordChangeFirst } from '../http/auth-plugin';
import type { ErrorBody, NamedScope } from '../protocol/rest';

/** The scope role that allows an action, and on which kind of unit. */
const GRANTED_BY: Record<ScopeAction, { role: ScopeRole; on: 'any' | 'admin-unit' | 'department' }> = {
  'figures.enter': { role: 'entry', on: 'any' },
  'figures.approve': { role: 'approver', on: 'any' },
  'reports.handle': { role: 'handler', on: 'department' },
  'reports.field-note': { role: 'entry', on: 'admin-unit' },
};

function scopeAllows(scopes: readonly UserScope[], action: ScopeAction, unit: string): boolean {
  const { role, on } = GRANTED_BY[action];
  if (on === 'admin-unit' && !isAdminUnitCode(unit)) return false;
  if (on === 'department' && isAdminUnitCode(unit)) return false;
  return scopes.some((scope) => scope.role === role && scope.unit === unit);
}

export function canActFor(identity: Identity, action: ScopeAction, unit: string): boolean {
  if (identity.kind !== 'user' || identity.session.user.mustChangePassword) return false;
  const { role, scopes } = identity.session.user;
  if (role === 'admin') return true;
  if (role === 'operator' && action.startsWith('reports.')) return true;
  return scopeAllows(scopes, action, unit);
}

/** The scopes a live connection is granted (`entry:05986`…): none before the first password is changed. */
export function grantedScopes(identity: Identity): string[] {
  if (identity.kind !== 'user' || identity.session.user.mustChangePassword) return [];
  return identity.session.user.scopes.map(scopeKey);
}

const REFUSALS: Record<ScopeAction, (unit: UnitLabel) => { vi: string; en: string }> = {
  'figures.enter': (unit) => ({
    vi: `Bạn không có quyền nhập số liệu cho ${unit.vi}`,
    en: `You may not enter figures for ${unit.en}`,
  }),
  'figures.approve': (unit) => ({
    vi: `Bạn không có quyền duyệt số liệu của ${unit.vi}`,
    en: `You may not approve figures for ${unit.en}`,
  }),
  'reports.handle': (unit) => ({
    vi: `Bạn không có quyền xử lý phản ánh của ${unit.vi}`,
    en: `You may not handle reports for ${unit.en}`,
  }),
  'reports.field-note': (unit) => ({
    vi: `Bạn không có quyền ghi chú hiện trường cho phản ánh tại ${unit.vi}`,
    en: `You may not add field notes to reports in ${unit.en}`,
  }),
};

/** The 403 of a refused scope: names the unit by its id and by its name, in both languages. */
export interface ScopeRefusal extends ErrorBody {
  error: 'forbidden';
  field: 'unit';
  unit: string;
}

export function scopeRefusal(action: ScopeAction, unit: string, directory: UnitDirectory | undefined): ScopeRefusal {
  const words = REFUSALS[action](unitLabel(directory, unit));
  return { statusCode: 403, error: 'forbidden', field: 'unit', unit, message: words.en, messageVi: words.vi };
}

/** What scopes need to know of the units, as of the current config and day (`scopes-plugin.ts`). */
export interface ScopeUnits {
  /** The units of the current config (`config.units`). */
  directory(): UnitDirectory;
  /** `YYYY-MM-DD` in the city's time zone: an administrative unit ended before it takes no new scope. */
  today(): string;
}

declare module 'fastify' {
  interface FastifyInstance {
    scopeUnits: ScopeUnits;
  }
}

/** The unit directory the app was given, if any (a unit it does not know is named by its id). */
export function directoryOf(app: FastifyInstance): UnitDirectory | undefined {
  return app.hasDecorator('scopeUnits') ? app.scopeUnits.directory() : undefined;
}

const ROLE_ORDER: Record<ScopeRole, number> = { entry: 0, approver: 1, handler: 2 };

/** A person's scopes with their units' names, by name (Vietnamese order) then role: the entry pages' picker. */
export function namedScopes(scopes: readonly UserScope[], directory: UnitDirectory | undefined): NamedScope[] {
  return scopes
    .map((scope) => {
      const label = unitLabel(directory, scope.unit);
      return { role: scope.role, unit: scope.unit, unitName: label.vi, unitNameEn: label.en };
    })
    .sort(
      (a, b) =>
        a.unitName.localeCompare(b.unitName, 'vi') ||
        a.unit.localeCompare(b.unit) ||
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role],
    );
}

/**
 * A guard: the request must come from a person who may do `action` for the unit `unitOf` reads
 * from it (params, query or body: the guard runs after validation). Nobody → 401; a one-time
 * password not changed yet → 403 on the password; otherwise a 403 naming the unit. `unitOf` may
 * look the unit up (a report's ward) and throw an `InputError` (404) when there is nothing to find.
 */
export function requireScope(
  action: ScopeAction,
  unitOf: (request: FastifyRequest) => string,
): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const { identity } = request;
    if (identity.kind === 'anonymous') return refuseAnonymous(reply);
    if (mustChangePassword(identity)) return refusePasswordChangeFirst(reply);
    const unit = unitOf(request);
    if (canActFor(identity, action, unit)) return undefined;
    return reply.code(403).send(scopeRefusal(action, unit, directoryOf(request.server)));
  };
}
