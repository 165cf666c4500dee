/**
 * Numbers as offices type them on a phone or a keyboard: vi-VN, `1.234,5` (a point groups
 * thousands, a comma starts the decimals); a plain `1234.5` is read too when it cannot be a
 * grouping. Shown back in vi-VN with the indicator's decimals.
 */
export function parseViNumber(text: string): number | null | typeof Number.NaN {
  const compact = text.trim().replace(/\s/g, '');
  if (compact === '') return null;
  // 1.234 / 1.234.567 / 1.234,5: vi-VN grouping; 12,5: vi-VN decimals.
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(compact) || /^-?\d+,\d+$/.test(compact))
    return Number(compact.replace(/\./g, '').replace(',', '.'));
  if (/^-?\d+(\.\d+)?$/.test(compact)) return Number(compact);
  return Number.NaN;
}

export function formatViNumber(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined) return '';
  return value.toLocaleString('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: Math.max(decimals, 0) });
}
