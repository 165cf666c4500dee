import { describe, expect, it } from 'vitest';
import { identityOf, isForScreen, normaliseTargets, screenGroups, targetedScreens } from './targeting';

const wall = identityOf({ id: 'main', profile: 'wall', audience: 'internal' });
const reports = identityOf({ id: 'phan-anh', profile: 'wall', audience: 'internal' });
const led = identityOf({
  id: 'led-dong-kinh',
  profile: 'led',
  audience: 'public',
  groups: ['cho', 'Bad Name', 7],
} as never);
const screens = [wall, reports, led];

describe('screen targeting', () => {
  it('groups a screen by profile, audience and the valid groups its config names', () => {
    expect(led.groups).toEqual(['led', 'public', 'cho']);
    expect(screenGroups({ id: 'x', profile: 'briefing', audience: 'internal', group: 'phong-hop' } as never)).toEqual([
      'briefing',
      'internal',
      'phong-hop',
    ]);
  });

  it('reaches every screen without targets, one screen by id, several by group', () => {
    expect(targetedScreens(null, screens).map((s) => s.id)).toEqual(['main', 'phan-anh', 'led-dong-kinh']);
    expect(targetedScreens(normaliseTargets({ screens: ['phan-anh'] }), screens).map((s) => s.id)).toEqual([
      'phan-anh',
    ]);
    expect(targetedScreens(normaliseTargets({ groups: ['wall'] }), screens).map((s) => s.id)).toEqual([
      'main',
      'phan-anh',
    ]);
    expect(
      targetedScreens(normaliseTargets({ groups: ['public'], screens: ['main'] }), screens).map((s) => s.id),
    ).toEqual(['main', 'led-dong-kinh']);
    expect(targetedScreens(normaliseTargets({ groups: ['briefing'] }), screens)).toEqual([]);
  });

  it('treats empty targets as everyone, and a page that is no screen sees untargeted items only', () => {
    expect(normaliseTargets({ screens: [], groups: [] })).toBeNull();
    expect(normaliseTargets({ screens: ['b', 'a', 'b'] })).toEqual({ screens: ['a', 'b'], groups: [] });
    expect(isForScreen(undefined, null)).toBe(true);
    expect(isForScreen({ screens: [], groups: [] }, null)).toBe(true);
    expect(isForScreen({ screens: ['main'], groups: [] }, null)).toBe(false);
  });
});
