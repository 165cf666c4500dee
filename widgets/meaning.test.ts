import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MEANING_COLOURS, MEANINGS, meaningOfKpi, meaningOfThresholds, meaningOfTone, meaningRgba } from './meaning';

const judged = { standing: 'very_bad' as const, target: 100, value: 50, running: false, higherIsBetter: true };

describe('the palette of meanings', () => {
  it('is written once: the theme holds the same colours as the module canvases read', () => {
    const css = readFileSync('display/theme.css', 'utf8');
    for (const meaning of MEANINGS) {
      expect(css).toContain(`--meaning-${meaning}: ${MEANING_COLOURS[meaning]};`);
      expect(css.replace(/\s+/g, ' ')).toContain(`.meaning-${meaning} { --meaning: var(--meaning-${meaning}); }`);
    }
    expect(meaningRgba('alarm', 120)).toEqual([239, 68, 68, 120]);
  });

  it('judges a KPI by its standing only once its period has ended and it has a target', () => {
    expect(meaningOfKpi(judged)).toBe('alarm');
    expect(meaningOfKpi({ ...judged, standing: 'fair' })).toBe('warn');
    expect(meaningOfKpi({ ...judged, standing: 'good' })).toBe('met');
    expect(meaningOfKpi({ ...judged, standing: 'very_good' })).toBe('met');
    // A month in progress: its sum so far is neither met nor missed.
    expect(meaningOfKpi({ ...judged, running: true })).toBe('neutral');
    expect(meaningOfKpi({ ...judged, standing: 'very_good', running: true })).toBe('neutral');
    // No target: nothing to judge against.
    expect(meaningOfKpi({ ...judged, target: null })).toBe('neutral');
    // A ceiling already passed is missed whatever the rest of the period brings; one not yet reached is open.
    const ceiling = { ...judged, higherIsBetter: false, running: true, target: 6 };
    expect(meaningOfKpi({ ...ceiling, value: 11, standing: 'very_bad' })).toBe('alarm');
    expect(meaningOfKpi({ ...ceiling, value: 3, standing: 'very_good' })).toBe('neutral');
  });

  it("judges a figure against a dashboard's thresholds in either direction", () => {
    const onTime = { good: 0.9, bad: 0.7, higherIsBetter: true };
    expect([0.95, 0.9, 0.8, 0.7, 0.62].map((v) => meaningOfThresholds(v, onTime))).toEqual([
      'met',
      'met',
      'warn',
      'warn',
      'alarm',
    ]);
    const overdue = { good: 5, bad: 20, higherIsBetter: false };
    expect([4, 12, 30].map((v) => meaningOfThresholds(v, overdue))).toEqual(['met', 'warn', 'alarm']);
    expect(meaningOfThresholds(3, { higherIsBetter: true })).toBe('neutral');
    expect(meaningOfThresholds(null, onTime)).toBe('neutral');
  });

  it("maps a domain's tone, so negative is never green", () => {
    expect(meaningOfTone('bad')).toBe('alarm');
    expect(meaningOfTone('fair')).toBe('warn');
    expect(meaningOfTone('good')).toBe('met');
    expect(meaningOfTone('neutral')).toBe('neutral');
    expect(meaningOfTone(undefined)).toBe('neutral');
  });
});
