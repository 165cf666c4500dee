import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/database';
import { FeedStore } from './feed-store';

const letter = (n: number) => ({
  stage: 'parse' as const,
  field: null,
  reason: { vi: `lý do ${n}`, en: `reason ${n}` },
  raw: `{"n": ${n}`,
  context: { topic: 'a/b' },
});

describe('FeedStore', () => {
  it('keeps at most the limit of dead letters per feed, dropping the oldest, and other feeds untouched', () => {
    const store = new FeedStore(openDatabase(':memory:'));
    store.addDeadLetter('khac', 1, letter(0), 10);
    for (let n = 1; n <= 15; n++) store.addDeadLetter('dem-xe', n, letter(n), 10);
    expect(store.deadLetterCount('dem-xe')).toBe(10);
    expect(store.deadLetters('dem-xe', 100).map((kept) => kept.raw)).toEqual(
      [15, 14, 13, 12, 11, 10, 9, 8, 7, 6].map((n) => `{"n": ${n}`),
    );
    expect(store.deadLetters('dem-xe', 1)[0]).toMatchObject({ reason: { vi: 'lý do 15' }, context: { topic: 'a/b' } });
    expect(store.deadLetterCount('khac')).toBe(1);
  });

  it('remembers an operator’s pause and a poller’s cursor; no row reads as the config’s default', () => {
    const store = new FeedStore(openDatabase(':memory:'));
    expect(store.state('dem-xe')).toEqual({ paused: null, cursor: null, etag: null, lastModified: null });
    store.saveState('dem-xe', { paused: false }, 1);
    store.saveState('dem-xe', { cursor: '42' }, 2);
    expect(store.state('dem-xe')).toEqual({ paused: false, cursor: '42', etag: null, lastModified: null });
  });
});
