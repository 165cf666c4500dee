/**
 * The roles a person holds for one unit, beside the base role of the account (`roles.ts`), and
 * the actions they allow. A unit is an administrative unit's GSO code ("05986") or a department's
 * id ("phong-kinh-te"): the two never look alike (digits against a slug).
 */
export const SCOPE_ROLES = ['entry', 'approver', 'handler'] as const;
export type ScopeRole = (typeof SCOPE_ROLES)[number];

/** One unit a person may act for, in one role. */
export interface UserScope {
  role: ScopeRole;
  unit: string;
}

/** What a scope allows; `canActFor` (scopes.ts) says who may do which for which unit. */
export const SCOPE_ACTIONS = ['figures.enter', 'figures.approve', 'reports.handle', 'reports.field-note'] as const;
export type ScopeAction = (typeof SCOPE_ACTIONS)[number];

export function isScopeRole(value: unknown): value is ScopeRole {
  return typeof value === 'string' && (SCOPE_ROLES as readonly string[]).includes(value);
}

/** An administrative unit's code (digits), as opposed to a department's id (a slug). */
export function isAdminUnitCode(unit: string): boolean {
  return /^\d+$/.test(unit);
}

export const sameScope = (a: UserScope, b: UserScope): boolean => a.role === b.role && a.unit === b.unit;

/** `entry:05986`: one scope as one string (socket grants compare these). */
export const scopeKey = (scope: UserScope): string => `${scope.role}:${scope.unit}`;
