import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatClock,
  formatDate,
  formatDayKey,
  formatNumber,
  formatPercent,
  formatPercentInText,
  formatPeriod,
  formatSeriesKey,
  formatSigned,
} from './format';

describe('format', () => {
  it('writes numbers the Vietnamese way, in English too', () => {
    expect(formatNumber(1234567.891, 'vi', 1)).toBe('1.234.567,9');
    expect(formatNumber(1234567.891, 'en', 1)).toBe('1.234.567,9');
    expect(formatNumber(null, 'vi')).toBe('—');
    expect(formatPercent(0.9234, 'vi')).toBe('92,3%');
    expect(formatSigned(-1, 'vi')).toBe('−1,0');
    expect(formatSigned(3.25, 'vi')).toBe('+3,3');
  });

  it('shows times in the city time zone, not the machine one', () => {
    const ms = Date.UTC(2026, 10, 28, 17, 5, 9); // 00:05:09 on the 29th in Hà Nội
    expect(formatClock(ms, 'vi', 'Asia/Ho_Chi_Minh')).toBe('00:05:09');
    expect(formatDate(ms, 'vi', 'Asia/Ho_Chi_Minh')).toBe('29/11/2026');
    expect(formatDate(ms, 'vi', 'UTC')).toBe('28/11/2026');
    expect(formatDayKey('2026-11-05')).toBe('05/11');
  });

  it('names periods as people say them', () => {
    expect(formatPeriod('2026-11', 'vi')).toBe('T11/2026');
    expect(formatPeriod('2026-Q4', 'vi')).toBe('Quý 4/2026');
    expect(formatPeriod('2026-11-15/2026-12-14', 'vi')).toBe('15/11–14/12/2026');
    expect(formatPeriod('2026-12-15/2027-01-14', 'en')).toBe('15/12/2026–14/01/2027');
    expect(formatPeriod('2026-Q4', 'en')).toBe('Q4 2026');
    expect(formatPeriod('2026-11-15', 'vi')).toBe('15/11/2026');
    expect(formatPeriod('2026', 'vi')).toBe('Năm 2026');
  });

  it('labels series axes from city-time keys', () => {
    expect(formatSeriesKey('2026-11-28', 'day')).toBe('28/11');
    expect(formatSeriesKey('2026-11', 'month')).toBe('11/2026');
    expect(formatSeriesKey('2026-11-28T14', 'hour')).toBe('14h');
    expect(formatSeriesKey('2026-11-28T04', 'hour')).toBe('4h');
    expect(formatSeriesKey('yesterday', 'day')).toBe('yesterday');
  });

  it('says how old data is', () => {
    expect(formatAge(12_400, 'vi')).toBe('12 giây');
    expect(formatAge(3 * 60_000 + 5_000, 'vi')).toBe('3 phút');
    expect(formatAge(2 * 3_600_000, 'en')).toBe('2 h');
    expect(formatAge(0, 'vi')).toBe('0 giây');
  });

  it('writes the numbers inside the texts the server publishes the same way, in both languages', () => {
    expect(formatNumber(1245, 'vi')).toBe('1.245');
    expect(formatNumber(1245, 'en')).toBe('1.245');
    expect(formatPercentInText(0.9623, 'vi')).toBe('96,2 %');
    expect(formatPercentInText(0.98, 'en')).toBe('98,0 %');
  });

  it('is a leaf: widgets, the display and the server import it, and it imports nothing', () => {
    const source = readFileSync(new URL('./format.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*(import|export)\b[^;]*?\bfrom\s+['"]/m);
  });
});
