import { describe, expect, it } from 'vitest';
import { visibleColour } from './thumbnail';

describe('thumbnail colours', () => {
  it('draws opaque colours whatever their blue, and leaves out transparent ones', () => {
    // The night veil's black and the takeover's red have no blue: once taken for "alpha 0".
    expect(visibleColour('rgb(0, 0, 0)')).toBe(true);
    expect(visibleColour('rgb(163, 0, 0)')).toBe(true);
    expect(visibleColour('rgba(0, 0, 0, 0.65)')).toBe(true);
    expect(visibleColour('rgb(0 0 0 / 50%)')).toBe(true);
    expect(visibleColour('rgba(0, 0, 0, 0)')).toBe(false);
    expect(visibleColour('rgb(0 0 0 / 0%)')).toBe(false);
    expect(visibleColour('transparent')).toBe(false);
    expect(visibleColour('')).toBe(false);
  });
});
