import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../config/schema/dashboard';
import type { Screen } from '../../config/schema/screen';
import { checkScreen } from './screen-rules';

const cameras: Dashboard = {
  version: 1,
  id: 'cameras',
  audience: 'public',
  title: { vi: 'Camera', en: 'Cameras' },
  grid: { columns: 1, rows: 1 },
  widgets: [
    {
      id: 'mosaic',
      type: 'camera',
      area: { column: 1, row: 1, columns: 1, rows: 1 },
      options: { cameras: [{ id: 'a', name: { vi: 'A', en: 'A' }, hls: 'http://cam.local/a.m3u8' }] },
    },
  ],
};
const screen = (profile: Screen['profile']): Screen => ({
  version: 1,
  id: `s-${profile}`,
  name: { vi: 's', en: 's' },
  profile,
  groups: [],
  resolution: profile === 'led' ? [384, 192] : [1920, 1080],
  audience: 'public',
  dashboard: 'cameras',
});
const context = { dashboards: new Map([['cameras', cameras]]), playlists: new Map(), walls: new Map() };

describe('cameras and LED panels', () => {
  it('refuses a camera on an LED screen, in both languages, and takes it on a wall', () => {
    expect(checkScreen(screen('led'), context)).toEqual([
      {
        path: '/dashboard',
        reason: 'an LED screen cannot show cameras: dashboard "cameras" places the camera widget "mosaic"',
        reasonVi: 'màn hình LED không hiển thị camera: bảng "cameras" có ô camera "mosaic"',
      },
    ]);
    expect(checkScreen(screen('wall'), context)).toEqual([]);
  });
});
