import { describe, expect, it } from 'vitest';
import { identityOf, reuseEqual } from './reuse-equal';

describe('reuseEqual', () => {
  it('keeps the parts that did not change and takes the ones that did', () => {
    const before = {
      screen: { id: 'a', groups: ['x'] },
      dashboards: { main: { title: 'T', widgets: [{ id: 'w' }] } },
      topics: [{ seq: 1 }],
    };
    const after = structuredClone({ ...before, topics: [{ seq: 2 }], screen: { id: 'a', groups: ['y'] } });
    const merged = reuseEqual(before, after);
    expect(merged).toEqual(after);
    expect(merged.dashboards).toBe(before.dashboards);
    expect(merged.dashboards.main.widgets[0]).toBe(before.dashboards.main.widgets[0]);
    expect(merged.screen).not.toBe(before.screen);
    expect(merged.topics).not.toBe(before.topics);
    expect(reuseEqual(before, structuredClone(before))).toBe(before);
    expect(reuseEqual(null, after)).toBe(after);
  });

  it('numbers objects by identity', () => {
    const a = {};
    expect(identityOf(a)).toBe(identityOf(a));
    expect(identityOf({})).not.toBe(identityOf(a));
  });
});
