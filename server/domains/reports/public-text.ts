/**
 * The text of a citizen report as the public may read it. Citizens often put their own phone
 * number, e-mail or ID card number in a report ("gọi tôi 0912 345 678"); a moderator may miss it,
 * so every public projection of report text (topics, Open311, exports) goes through
 * `maskPersonalData`, and the moderator is shown the same result, with flags, before approving.
 *
 * The patterns are deliberately broad: masking a number that was not personal costs a little
 * readability; publishing one that was costs a citizen's privacy.
 */

import type { PersonalDataFlag } from '../../protocol/rest';

export type { PersonalDataFlag };
export type PersonalDataKind = PersonalDataFlag['kind'];

export interface MaskedText {
  text: string;
  /** What was masked, one entry per kind found (empty when nothing was). */
  flags: PersonalDataFlag[];
}

/** Public text is a title: the same limit as `publicTitle` in the moderation schema. */
export const PUBLIC_TEXT_MAX = 120;

const MASK: Record<PersonalDataKind, string> = {
  phone: '[đã ẩn số điện thoại]',
  email: '[đã ẩn email]',
  'id-number': '[đã ẩn số giấy tờ]',
};

const LABEL: Record<PersonalDataKind, { vi: string; en: string }> = {
  phone: { vi: 'số điện thoại', en: 'phone number' },
  email: { vi: 'địa chỉ email', en: 'e-mail address' },
  'id-number': { vi: 'số CCCD/CMND', en: 'ID card number' },
};

/** A separator people put between digit groups: a space, a dot or a dash. */
const SEP = '[ .\\-]?';

/**
 * In order: e-mails first (an address may hold digits), then the 12-digit citizen ID (CCCD, also
 * written 3-3-3-3, which would otherwise half-match as a phone), then phones, then the old 9-digit
 * ID (CMND). Each mask holds no digit and no `@`, so later patterns never match inside one.
 */
const PATTERNS: ReadonlyArray<{ kind: PersonalDataKind; pattern: RegExp }> = [
  {
    kind: 'email',
    pattern: /[\p{L}\p{N}._%+-]+\s?(?:@|\(at\)|\[at\])\s?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu,
  },
  { kind: 'id-number', pattern: /(?<!\d)(?:\d{12}|\d{3}(?:[ .]\d{3}){3})(?!\d)/g },
  // 0 + 9 digits (mobile) or 0 + 10 (landline, e.g. 0205 …); +84 / 84 in place of the 0.
  {
    kind: 'phone',
    pattern: new RegExp(`(?:\\(?\\+84\\)?${SEP}|(?<![\\d+])(?:84${SEP}|0))\\d(?:${SEP}\\d){8,9}(?!\\d)`, 'g'),
  },
  { kind: 'id-number', pattern: /(?<!\d)\d{9}(?!\d)/g },
];

/** Masks phone numbers, e-mail addresses and ID numbers, and says which it found. */
export function maskPersonalData(input: string, max = PUBLIC_TEXT_MAX): MaskedText {
  const counts = new Map<PersonalDataKind, number>();
  let text = input;
  for (const { kind, pattern } of PATTERNS) {
    text = text.replace(pattern, () => {
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      return MASK[kind];
    });
  }
  const flags = [...counts].map(([kind, count]) => ({ kind, count, label: LABEL[kind] }));
  return { text: fit(text, max), flags };
}

/** A mask is longer than what it hides: keep the public text within its limit (a title's by default). */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The text the public sees of a report: the moderator's title when set, else the citizen's, masked. */
export function publicTextOf(report: { publicTitle: string | null; title: string }): MaskedText {
  return maskPersonalData(report.publicTitle ?? report.title);
}
