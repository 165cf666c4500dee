/**
 * Where the "?" of each screen leads: the guide section that explains it. Browser-safe (the pages
 * import it): names only. `guides.test.ts` checks that each target is a section that exists.
 */
import type { GuideRole } from './guide-schema';

interface HelpTarget {
  guide: GuideRole;
  section: string;
}

export const HELP_TARGETS = {
  console: { guide: 'operator', section: 'bang-dieu-khien' },
  entry: { guide: 'ward-officer', section: 'nhap-so-lieu' },
  'entry-approver': { guide: 'approver', section: 'phe-duyet' },
  'entry-reminders': { guide: 'operator', section: 'nhac-nop' },
  'dieu-phoi': { guide: 'operator', section: 'dieu-phoi' },
  'hop-thu': { guide: 'department-officer', section: 'hop-thu' },
  'kiem-duyet': { guide: 'operator', section: 'kiem-duyet' },
  view: { guide: 'leader', section: 'xem-so-lieu' },
  'phan-anh': { guide: 'citizen', section: 'gui-phan-anh' },
  'phan-anh-theo-doi': { guide: 'citizen', section: 'theo-doi' },
  'thong-bao': { guide: 'citizen', section: 'thong-bao' },
  'tap-huan-hoc-vien': { guide: 'ward-officer', section: 'tap-huan' },
  'nguoi-dung': { guide: 'admin', section: 'nguoi-dung' },
  'tap-huan': { guide: 'admin', section: 'tap-huan' },
  'nhat-ky': { guide: 'admin', section: 'khoa-nhat-ky' },
  'quang-ba': { guide: 'operator', section: 'quang-ba' },
} as const satisfies Record<string, HelpTarget>;

export type HelpScreen = keyof typeof HELP_TARGETS;

/** The address of a screen's guide section. */
export function helpHref(screen: HelpScreen): string {
  const target: HelpTarget = HELP_TARGETS[screen];
  return `/huong-dan/${target.guide}#${target.section}`;
}

/** The accessible name of every "?" link, both languages at once: it is the same on every screen. */
export const HELP_LABEL = 'Hướng dẫn / Help';
