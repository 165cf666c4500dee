/**
 * Who may act for which unit, written against the shared contract of `server/access/scopes.ts`
 * (helper "scopes": `canActFor`, `requireScope`, scopes stored in SQLite). Until that lands, the
 * scopes come from the account's existing `scope` field, written `entry:05986,approver:05986`;
 * when it lands, this file becomes `export { canActFor, requireScope } from '../../access/scopes'`
 * and `scopesOf` reads the stored scopes.
 */
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { mustChangePassword, type Identity } from '../../access/identity';
import { refuseAnonymous, refusePasswordChangeFirst } from '../../http/auth-plugin';
import { unitNameOf } from '../../domains/reporting/unit-names';

export type ScopeAction = 'figures.enter' | 'figures.approve' | 'reports.handle' | 'reports.field-note';

export interface Scope {
  role: 'entry' | 'approver' | 'handler';
  unit: string;
}

const SCOPE_PART = /^(entry|approver|handler):([0-9]{5}|[a-z][a-z0-9-]{1,62})$/;

/** The scopes of a person (none for anyone else, or before the one-time password is changed). */
export function scopesOf(identity: Identity): Scope[] {
  if (identity.kind !== 'user' || identity.session.user.mustChangePassword) return [];
  const field = identity.session.user.scope ?? '';
  return field.split(',').map((part) => SCOPE_PART.exec(part.trim())).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ role: m[1] as Scope['role'], unit: m[2]! }));
}

const ROLE_FOR: Record<ScopeAction, Scope['role']> = {
  'figures.enter': 'entry', 'figures.approve': 'approver', 'reports.handle': 'handler', 'reports.field-note': 'entry',
};

export function canActFor(identity: Identity, action: ScopeAction, unit: string): boolean {
  if (identity.kind !== 'user' || identity.session.user.mustChangePassword) return false;
  if (identity.session.user.role === 'admin') return true;
  return scopesOf(identity).some((scope) => scope.unit === unit && scope.role === ROLE_FOR[action]);
}

const ACTION_WORDS: Record<ScopeAction, { vi: string; en: string }> = {
  'figures.enter': { vi: 'nhập số liệu cho', en: 'enter figures for' },
  'figures.approve': { vi: 'duyệt số liệu của', en: 'approve figures of' },
  'reports.handle': { vi: 'xử lý phản ánh của', en: 'handle reports of' },
  'reports.field-note': { vi: 'ghi chú hiện trường cho', en: 'add field notes for' },
};

/** A guard: 401 for nobody, 403 naming the unit for a person without the scope. */
export function requireScope(action: ScopeAction, unitOf: (request: FastifyRequest) => string): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const { identity } = request;
    if (identity.kind === 'anonymous') return refuseAnonymous(reply);
    if (mustChangePassword(identity)) return refusePasswordChangeFirst(reply);
    const unit = unitOf(request);
    if (canActFor(identity, action, unit)) return undefined;
    const name = unitNameOf(unit);
    const words = ACTION_WORDS[action];
    return reply.code(403).send({
      statusCode: 403, error: 'forbidden', field: 'unit', unit,
      message: `You may not ${words.en} ${name.en}`,
      messageVi: `Bạn không có quyền ${words.vi} ${name.vi}`,
    });
  };
}
