/** A figure against a rule's warn and alarm limits, in the rule's direction. */
import type { ExceptionSeverity } from '../protocol/topics/exceptions';

export type Direction = 'higher-is-bad' | 'lower-is-bad';

export interface Limits {
  direction: Direction;
  warn?: number;
  alarm?: number;
}

/** Past the limit in the bad direction; at the limit itself is still within it. */
function beyond(value: number, limit: number, direction: Direction): boolean {
  return direction === 'higher-is-bad' ? value > limit : value < limit;
}

/** The worst limit passed (alarm before warn) and that limit, or null when the figure is within both. */
export function judge(
  value: number,
  limits: Limits,
): { severity: Extract<ExceptionSeverity, 'alarm' | 'warn'>; limit: number } | null {
  if (limits.alarm !== undefined && beyond(value, limits.alarm, limits.direction))
    return { severity: 'alarm', limit: limits.alarm };
  if (limits.warn !== undefined && beyond(value, limits.warn, limits.direction))
    return { severity: 'warn', limit: limits.warn };
  return null;
}
