/**
 * Who may act for which unit, coded against the shared contract of `server/access/scopes.ts`
 * (`canActFor(identity, action, unit)` and `requireScope(action, unitOf)`), which another helper
 * is writing. Until it lands the routes take both functions as options, and this interim
 * implementation gives them from a `scopesOf(username)` source; the lead swaps in the real module
 * when merging, with no change to the routes.
 */
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { mustChangePassword, type Identity } from '../../access/identity';
import { refuseAnonymous, refusePasswordChangeFirst } from '../../http/auth-plugin';
import { errorBody } from '../../http/error-handler';

export type ScopeAction = 'figures.enter' | 'figures.approve' | 'reports.handle' | 'reports.field-note';

export interface UnitScope {
  role: 'entry' | 'approver' | 'handler';
  /** An administrative unit's code ("05986") or a department's id ("phong-kinh-te"). */
  unit: string;
}

export type CanActFor = (identity: Identity, action: ScopeAction, unit: string) => boolean;
export type RequireScope = (action: ScopeAction, unitOf: (request: FastifyRequest) => string) => preHandlerAsyncHookHandler;

/** A unit's name in both languages, for refusals. */
export type UnitNamer = (unit: string) => { vi: string; en: string };

const ACTION_NAMES: Record<ScopeAction, { vi: string; en: string }> = {
  'figures.enter': { vi: 'nhập số liệu', en: 'enter figures' },
  'figures.approve': { vi: 'duyệt số liệu', en: 'approve figures' },
  'reports.handle': { vi: 'xử lý phản ánh', en: 'handle reports' },
  'reports.field-note': { vi: 'ghi chú hiện trường', en: 'add field notes' },
};

/** The role a scope must have for an action. */
const ROLE_FOR: Record<ScopeAction, UnitScope['role']> = {
  'figures.enter': 'entry',
  'figures.approve': 'approver',
  'reports.handle': 'handler',
  'reports.field-note': 'entry',
};

/** The 403 of the contract: `{ error: 'forbidden', field: 'unit', unit, message, messageVi }`, naming the unit. */
export function forbiddenFor(action: ScopeAction, unit: string, name: { vi: string; en: string }) {
  const what = ACTION_NAMES[action];
  return {
    ...errorBody(403, `You may not ${what.en} for ${name.en}`, `Bạn không có quyền ${what.vi} cho ${name.vi}`, 'unit'),
    error: 'forbidden',
    unit,
  };
}

export function interimScopes(options: { scopesOf: (username: string) => readonly UnitScope[]; unitName: UnitNamer }): { canActFor: CanActFor; requireScope: RequireScope } {
  const canActFor: CanActFor = (identity, action, unit) => {
    if (identity.kind !== 'user' || identity.session.user.mustChangePassword) return false;
    const { role, username } = identity.session.user;
    if (role === 'admin') return true;
    if (role === 'operator' && action.startsWith('reports.')) return true;
    return options.scopesOf(username).some((scope) => scope.unit === unit && scope.role === ROLE_FOR[action]);
  };
  const requireScope: RequireScope = (action, unitOf) => async (request, reply) => {
    const { identity } = request;
    if (identity.kind === 'anonymous') return refuseAnonymous(reply);
    if (mustChangePassword(identity)) return refusePasswordChangeFirst(reply);
    const unit = unitOf(request);
    if (!canActFor(identity, action, unit)) return reply.code(403).send(forbiddenFor(action, unit, options.unitName(unit)));
    return undefined;
  };
  return { canActFor, requireScope };
}
