import { describe, expect, it } from 'vitest';
import { formatViNumber, parseViNumber } from './figure-input';

describe('numbers as offices type them', () => {
  it('reads vi-VN grouping and decimals, plain decimals, blanks and nonsense', () => {
    expect(parseViNumber('1.234,5')).toBe(1234.5);
    expect(parseViNumber('1.204')).toBe(1204);
    expect(parseViNumber('97,5')).toBe(97.5);
    expect(parseViNumber(' 281.45 ')).toBe(281.45);
    expect(parseViNumber('12')).toBe(12);
    expect(parseViNumber('')).toBeNull();
    expect(parseViNumber('mười hai')).toBeNaN();
    expect(parseViNumber('1,2,3')).toBeNaN();
  });

  it('shows numbers back in vi-VN', () => {
    expect(formatViNumber(1234.5, 1)).toBe('1.234,5');
    expect(formatViNumber(97.5, 1)).toBe('97,5');
    expect(formatViNumber(null, 1)).toBe('');
  });
});
