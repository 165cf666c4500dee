import { describe, expect, it } from 'vitest';
import { localShiftMemory } from './shift-memory';

function storage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('localShiftMemory', () => {
  it('keeps one shift per screen, forgets it on null, and ignores a damaged entry', () => {
    const store = storage();
    const main = localShiftMemory('main', store);
    const other = localShiftMemory('phong-giao-ban', store);
    main.save({ playlist: 'tuong-ioc', delta: 1000, until: 5000 });
    expect(main.load()).toEqual({ playlist: 'tuong-ioc', delta: 1000, until: 5000 });
    expect(other.load()).toBeNull();
    main.save(null);
    expect(main.load()).toBeNull();
    store.setItem('ioc.playlist-shift.main', '{"playlist":"x","delta":"soon"}');
    expect(main.load()).toBeNull();
    store.setItem('ioc.playlist-shift.main', 'not json');
    expect(main.load()).toBeNull();
  });
});
