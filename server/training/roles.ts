/**
 * Who a trainee is trained as, and how each is called: browser-safe (the console's training
 * panel imports it), so it holds nothing but names.
 */
import type { LocalizedText } from '../protocol/topics';

export const TRAINEE_ROLES = ['entry', 'handler', 'operator', 'leader'] as const;
export type TraineeRole = (typeof TRAINEE_ROLES)[number];

export const TRAINEE_ROLE_NAMES: Record<TraineeRole, LocalizedText> = {
  entry: { vi: 'Cán bộ nhập số liệu (sở, phường, xã)', en: 'Data entry officer (department, ward, commune)' },
  handler: { vi: 'Cán bộ xử lý phản ánh', en: "Officer handling citizens' reports" },
  operator: { vi: 'Điều phối viên, kiểm duyệt', en: 'Dispatcher and moderator' },
  leader: { vi: 'Lãnh đạo', en: 'Leader' },
};
