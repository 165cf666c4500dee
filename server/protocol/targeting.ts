/**
 * Which screens an announcement or a command is for. Pure functions, shared by the server (who
 * must acknowledge a takeover, which screens a command goes to) and the display (which ticker
 * items and takeovers this screen shows), so both always agree.
 */
import type { ScreenTargets } from './topics';

/** A screen as targeting sees it: its id and the groups it belongs to. */
export interface ScreenIdentity {
  id: string;
  groups: readonly string[];
}

/** What a screen's config says about it (the fields groups are made of). */
export interface GroupedScreen {
  id: string;
  profile: string;
  audience: string;
}

const GROUP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * A screen's groups: its profile (`wall`, `led`, `briefing`), its audience (`internal`,
 * `public`) and whatever groups its config names (`groups: [...]` or `group: ...`), so that
 * "every LED panel" or "every public screen" can be targeted without listing them.
 */
export function screenGroups(screen: GroupedScreen): string[] {
  const named: unknown[] = [];
  const { groups, group } = screen as GroupedScreen & { groups?: unknown; group?: unknown };
  if (Array.isArray(groups)) named.push(...groups);
  if (group !== undefined) named.push(group);
  const all = [
    screen.profile,
    screen.audience,
    ...named.filter((name): name is string => typeof name === 'string' && GROUP_NAME.test(name)),
  ];
  return [...new Set(all)];
}

export function identityOf(screen: GroupedScreen): ScreenIdentity {
  return { id: screen.id, groups: screenGroups(screen) };
}

/** Deduplicated and sorted; no screen and no group at all is "every screen" (null). */
export function normaliseTargets(raw: Partial<ScreenTargets> | null | undefined): ScreenTargets | null {
  const screens = [...new Set(raw?.screens ?? [])].sort();
  const groups = [...new Set(raw?.groups ?? [])].sort();
  return screens.length === 0 && groups.length === 0 ? null : { screens, groups };
}

/**
 * Is this for that screen? Untargeted items are for everyone, including a page that is no
 * registered screen (`screen` null, e.g. `/view/<dashboard>`); targeted ones only for the
 * screens named or in a group named.
 */
export function isForScreen(targets: ScreenTargets | null | undefined, screen: ScreenIdentity | null): boolean {
  if (!targets || (targets.screens.length === 0 && targets.groups.length === 0)) return true;
  if (!screen) return false;
  return targets.screens.includes(screen.id) || targets.groups.some((group) => screen.groups.includes(group));
}

/** The screens among `screens` that a target reaches, in their order. */
export function targetedScreens<S extends ScreenIdentity>(
  targets: ScreenTargets | null | undefined,
  screens: readonly S[],
): S[] {
  return screens.filter((screen) => isForScreen(targets, screen));
}
